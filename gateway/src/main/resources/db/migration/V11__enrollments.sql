-- One-time enrollment tokens (docs/enrollment.md). Only the SHA-256 of a token is kept: a copy of the database
-- does not let anyone enroll a node. A token is open while closed_at is null and expires_at is ahead; it is closed
-- once, by the conditional update that redeems it (closed_reason 'used') or by a newer enrollment for the same node
-- ('superseded'), so two redemptions at once cannot both win.
create table enrollments (
    token_hash    text   primary key,
    node_id       text   not null,
    machine_id    text   not null,
    created_by    text   not null,
    created_at    bigint not null,
    expires_at    bigint not null,
    closed_at     bigint,
    closed_reason text,
    fingerprint   text
);
create index enrollments_node on enrollments (node_id);

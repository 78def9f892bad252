-- Causes billing could not price (an amount beyond a 64-bit integer, an item gone from the catalogue), set aside
-- with the reason so that one bad cause never holds the others back. Catch-up skips a parked cause until a
-- treasurer retries it, which deletes the row. docs/billing.md, "Parked causes".
create table billing_parked (
    cause     text   primary key,
    member_id text,
    reason    text   not null,
    parked_at bigint not null
);
create index billing_parked_parked_at on billing_parked (parked_at);

-- What the impact report (docs/impact.md) reads beyond usage and money.

-- A member's commune or postcode, as the lab writes it; optional, the report groups identical values.
alter table members add column territory text;

-- Repair or reuse, set by the maker on their own usage or by a fabmanager; null when untagged.
alter table sessions add column tag text;
alter table consumable_records add column tag text;

-- Every badge refused at a machine, with the node's reason, for "sessions refused and why".
create table access_refusals (
    node_id     text   not null,
    seq         bigint not null,
    machine_id  text   not null,
    occurred_at bigint not null,
    reason      text   not null,
    primary key (node_id, seq)
);
create index access_refusals_occurred_at on access_refusals (occurred_at);

-- The billing ledger: append-only, each entry chained to the previous one by SHA-256 (docs/billing.md).
-- The database refuses updates and deletes (per-database triggers in V5); the hash chain catches
-- whatever goes around them.
create table ledger_entries (
    sequence         bigint primary key,
    entry_date       text   not null,
    member_id        text   not null,
    kind             text   not null,
    amount_cents     bigint not null,
    currency         text   not null,
    cause            text   not null,
    label            text   not null,
    vat_basis_points int    not null,
    previous_hash    text   not null,
    hash             text   not null,
    recorded_at      bigint not null
);
create index ledger_entries_member on ledger_entries (member_id, entry_date);
create index ledger_entries_cause on ledger_entries (cause);

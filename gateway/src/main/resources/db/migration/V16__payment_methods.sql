-- How each payment was made. Beside the ledger, not in it: the entry's hash covers what it covered before, and
-- payments written before this table have no row (their method is unknown).
create table payment_methods (
    ledger_sequence bigint primary key,
    method          text   not null
);

-- What a partner's members' visits cost here: free up to this many minutes per visitor and month, then our prices.
alter table partners add column free_minutes_per_month bigint not null default 0;

-- Usage receipts between partner labs (docs/network.md, "Receipts"). Kept after a partner is removed: the months
-- already visited still have to be settled.

-- Receipts we issued as host, one per visit charged to a partner's network account, resent until acknowledged.
-- `body` is the exact JSON signed and sent each time; `hash` its SHA-256, which the settlement lists.
create table partner_receipts_out (
    partner_id  text   not null,
    receipt_id  text   not null,
    month       text   not null,
    amount_cents bigint not null,
    currency    text   not null,
    wall_seconds bigint not null,
    body        text   not null,
    hash        text   not null,
    created_at  bigint not null,
    sent_at     bigint,
    sends       int    not null default 0,
    next_send_at bigint,
    acked_at    bigint,
    primary key (partner_id, receipt_id)
);
create index partner_receipts_out_unacked on partner_receipts_out (acked_at, next_send_at);

-- Receipts partners sent us for our members' visits, recorded once each, with what we did with them.
create table partner_receipts_in (
    partner_id   text   not null,
    receipt_id   text   not null,
    member_id    text   not null,
    month        text   not null,
    amount_cents bigint not null,
    currency     text   not null,
    wall_seconds bigint not null,
    machine_kind text   not null,
    visit_start  bigint not null,
    visit_end    bigint not null,
    body         text   not null,
    hash         text   not null,
    treatment    text   not null,
    recorded_at  bigint not null,
    primary key (partner_id, receipt_id)
);
create index partner_receipts_in_member on partner_receipts_in (member_id, month);

-- Per partner and closed month: the hash of the settlement statement we last sent it, and the statement it last sent
-- us (canonical JSON), so each side shows whether the two agree.
create table partner_settlements (
    partner_id      text not null,
    month           text not null,
    sent_hash       text,
    sent_at         bigint,
    their_statement text,
    their_hash      text,
    received_at     bigint,
    primary key (partner_id, month)
);

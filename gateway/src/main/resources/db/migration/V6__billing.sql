-- Billing: what the treasurer configures (prices, plans, groups, free windows, consumables, coupons)
-- and the facts that feed the ledger (consumable records, charged causes, charge lines, usage towards
-- plans and caps, closed periods, statements). docs/billing.md, "Storage".

create table billing_settings (
    id                    int    primary key,
    minimum_balance_cents bigint,
    updated_at            bigint not null
);

create table price_lists (
    machine_kind             text   primary key,
    wall_block_minutes       int,
    wall_cents_per_block     bigint,
    busy_block_minutes       int,
    busy_cents_per_block     bigint,
    session_fee_cents        bigint not null,
    minimum_billable_minutes int    not null,
    daily_cap_cents          bigint not null,
    vat_basis_points         int    not null,
    updated_at               bigint not null
);

create table member_groups (
    name                  text primary key,
    discount_basis_points int  not null
);

create table plans (
    id                text    primary key,
    name              text    not null,
    monthly_fee_cents bigint  not null,
    included_minutes  bigint  not null,
    machine_kinds     text    not null,
    vat_basis_points  int     not null,
    active            boolean not null
);

alter table members add column plan_id text;

create table free_windows (
    position    int  primary key,
    day_of_week text not null,
    from_time   text not null,
    to_time     text not null
);

create table consumable_items (
    id               text    primary key,
    label            text    not null,
    unit             text    not null,
    unit_price_cents bigint  not null,
    vat_basis_points int     not null,
    active           boolean not null
);

-- One recorded use; member_id is null when a node recorded it outside any known session.
create table consumable_records (
    id          text   primary key,
    member_id   text,
    node_id     text,
    session_id  text,
    item_id     text   not null,
    quantity    bigint not null,
    recorded_at bigint not null,
    recorded_by text   not null,
    source      text   not null
);
create index consumable_records_member on consumable_records (member_id, recorded_at);

-- Every cause written to the ledger, once: charge keys, payments, credits, reversals.
create table ledger_causes (
    cause       text   primary key,
    member_id   text   not null,
    recorded_at bigint not null
);

-- What each charge entry is made of, for statements and the charges export.
create table charge_lines (
    ledger_sequence  bigint primary key,
    cause            text   not null,
    node_id          text,
    session_id       text,
    machine_id       text,
    item_id          text,
    quantity         bigint not null,
    unit             text   not null,
    unit_price_cents bigint not null
);
create index charge_lines_cause on charge_lines (cause);

-- Per session charge and local day: plan time used and machine cents counted towards the daily cap.
create table charge_usage (
    cause         text   not null,
    member_id     text   not null,
    machine_kind  text   not null,
    day           text   not null,
    plan_millis   bigint not null,
    capped_cents  bigint not null,
    primary key (cause, day)
);
create index charge_usage_member on charge_usage (member_id, day);

create table coupons (
    code            text   primary key,
    amount_cents    bigint not null,
    max_redemptions int    not null,
    valid_until     text,
    created_at      bigint not null,
    created_by      text   not null
);

create table coupon_redemptions (
    code            text   not null,
    member_id       text   not null,
    ledger_sequence bigint not null,
    redeemed_at     bigint not null,
    primary key (code, member_id)
);

create table closed_periods (
    month           text   primary key,
    closed_at       bigint not null,
    closed_by       text   not null,
    ledger_sequence bigint not null,
    ledger_head     text   not null
);

create table statements (
    number          text   primary key,
    statement_year  int    not null,
    number_in_year  bigint not null,
    member_id       text   not null,
    month           text   not null,
    total_cents     bigint not null,
    ledger_sequence bigint not null,
    ledger_head     text   not null,
    issued_at       bigint not null,
    unique (statement_year, number_in_year),
    unique (member_id, month)
);

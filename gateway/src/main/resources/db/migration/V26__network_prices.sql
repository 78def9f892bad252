-- How a partner's agreement prices its members' visits here (docs/network.md, "Visits in the host's ledger"): at our
-- price lists ('host') or at the network's ('network').
alter table partners add column visit_pricing text not null default 'host';

-- The price lists the network agreed on, entered by our treasurer apart from our members' (same shape as
-- price_lists, V6). A kind without one here makes a network-priced visit's time free, as for ours.
create table network_price_lists (
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

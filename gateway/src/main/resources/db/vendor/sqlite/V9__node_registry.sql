-- Machines and nodes become managed data: a machine can be retired, a node is pending (declared, no key yet),
-- active (its current key is accepted) or retired, and every key a node held is kept with when it was accepted.
-- SQLite cannot drop a NOT NULL constraint, so the nodes table is rebuilt; nothing references it.
alter table machines add column retired_at bigint;

create table nodes_registry (
    id                    text primary key,
    machine_id            text not null references machines (id),
    state                 text not null,
    public_key            text,
    offline_policy        text not null,
    max_staleness_seconds bigint not null,
    created_at            bigint,
    retired_at            bigint
);
insert into nodes_registry (id, machine_id, state, public_key, offline_policy, max_staleness_seconds)
    select id, machine_id, 'active', public_key, offline_policy, max_staleness_seconds from nodes;
drop table nodes;
alter table nodes_registry rename to nodes;

-- valid_from is null for a key accepted before this history was kept.
create table node_keys (
    node_id     text not null references nodes (id),
    public_key  text not null,
    valid_from  bigint,
    valid_until bigint,
    primary key (node_id, public_key)
);
insert into node_keys (node_id, public_key) select id, public_key from nodes;

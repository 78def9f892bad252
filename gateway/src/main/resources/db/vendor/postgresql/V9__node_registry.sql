-- Machines and nodes become managed data: a machine can be retired, a node is pending (declared, no key yet),
-- active (its current key is accepted) or retired, and every key a node held is kept with when it was accepted.
alter table machines add column retired_at bigint;

alter table nodes alter column public_key drop not null;
alter table nodes add column state text not null default 'active';
alter table nodes alter column state drop default;
alter table nodes add column created_at bigint;
alter table nodes add column retired_at bigint;

-- valid_from is null for a key accepted before this history was kept.
create table node_keys (
    node_id     text not null references nodes (id),
    public_key  text not null,
    valid_from  bigint,
    valid_until bigint,
    primary key (node_id, public_key)
);
insert into node_keys (node_id, public_key) select id, public_key from nodes;

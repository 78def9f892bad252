-- What each node's retained ACL says, as a digest of its entries and settings, so that a rebuild after a change
-- publishes only the ACLs that change (docs/architecture.md, "Several instances"). Written by the gateway instance that
-- published, under the rebuild lock. The same types on SQLite and PostgreSQL: one file for both.
create table acl_publications (
    node_id text not null primary key,
    digest  text not null
);

-- ACL snapshot versions, shared by every gateway instance on this database (docs/protocol.md §7.6). Gateways before
-- this migration stamped the issue time in epoch milliseconds, which nodes still hold: the sequence starts one day
-- past the database's clock, so a new version beats every old one even from a gateway whose clock ran up to a day
-- ahead of the database server's.
create sequence acl_versions;
select setval('acl_versions', cast(extract(epoch from clock_timestamp()) * 1000 as bigint) + 86400000);

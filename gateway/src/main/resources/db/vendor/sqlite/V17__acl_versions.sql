-- ACL snapshot versions (docs/protocol.md §7.6). SQLite has no sequence: one row, incremented and read in one write
-- transaction, which SQLite's single writer serialises. Gateways before this migration stamped the issue time in
-- epoch milliseconds, which nodes still hold: the counter starts one day past this machine's clock, so a new version
-- beats every old one even after a clock stepped back by up to a day.
create table acl_versions (
    id          integer primary key check (id = 1),
    last_issued bigint  not null
);
insert into acl_versions (id, last_issued) values (1, cast(unixepoch('subsec') * 1000 as integer) + 86400000);

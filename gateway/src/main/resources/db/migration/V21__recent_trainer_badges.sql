-- The trainers' recent badges on each node that the trainer-present rule counts, kept here so a live decision on any
-- gateway instance sees a trainer who badged through another (docs/architecture.md, "Several instances"). Only the
-- newest few per node are kept. The same types on SQLite and PostgreSQL: one file for both.
create table recent_trainer_badges (
    node_id   text   not null,
    member_id text   not null,
    badged_at bigint not null,
    primary key (node_id, member_id, badged_at)
);

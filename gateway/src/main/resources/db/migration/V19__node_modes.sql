-- Node modes (enroll, train), kept in the database so every gateway instance on it applies the one a user set on any
-- of them (docs/architecture.md, "Several instances"). A mode ends on its own at ends_at; an ended one may stay
-- until its node's next mode replaces it. The same types on SQLite and PostgreSQL: one file for both.
create table node_modes (
    node_id     text   primary key,
    kind        text   not null,
    ends_at     bigint not null,
    member_id   text,
    training_id text,
    set_by      text   not null
);

-- One schema for SQLite and PostgreSQL: portable types only (text, bigint, boolean, double precision),
-- instants as epoch milliseconds, ids as text.

create table machines (
    id   text primary key,
    name text not null,
    kind text not null
);

create table nodes (
    id                    text primary key,
    machine_id            text not null references machines (id),
    public_key            text not null,
    offline_policy        text not null,
    max_staleness_seconds bigint not null
);

create table members (
    id           text primary key,
    display_name text not null,
    active       boolean not null
);

create table badges (
    credential_hash text primary key,
    credential_type text not null,
    member_id       text not null references members (id)
);

-- Every accepted node event, exactly once per (node, seq); the body is the exact signed JSON.
create table node_events (
    node_id     text not null,
    seq         bigint not null,
    event_id    text not null,
    type        text not null,
    ts          bigint not null,
    received_at bigint not null,
    body        text not null,
    primary key (node_id, seq)
);

create table sessions (
    node_id         text not null,
    session_id      text not null,
    machine_id      text not null,
    member_id       text,
    credential_hash text not null,
    started_at      bigint not null,
    ended_at        bigint,
    wall_seconds    bigint,
    active_seconds  bigint not null,
    energy_wh       double precision not null,
    end_reason      text,
    interrupted     boolean not null,
    offline         boolean not null,
    primary key (node_id, session_id)
);
create index sessions_started_at on sessions (started_at);

-- Messages refused at ingestion; never usage, kept for the security log.
create table security_events (
    id          text primary key,
    occurred_at bigint not null,
    node_id     text,
    topic       text not null,
    reason      text not null,
    detail      text not null
);
create index security_events_occurred_at on security_events (occurred_at);

-- What fabmanagers manage: members with their membership, badges with their status, trainings and who
-- holds or teaches them, machine availability, opening hours, and the accounts that log in.
-- Dates a person reads as a day (membership end, "valid until" day) are text 'YYYY-MM-DD'; instants are
-- epoch milliseconds as in V1.

alter table members add column number bigint;
alter table members add column email text;
alter table members add column member_group text;
alter table members add column valid_until text;
alter table members add column created_at bigint not null default 0;
update members set number = (select count(*) from members earlier where earlier.id <= members.id);
create unique index members_number on members (number);

alter table badges add column label text;
alter table badges add column status text not null default 'active';
alter table badges add column status_reason text;
alter table badges add column enrolled_at bigint not null default 0;
create index badges_member on badges (member_id);

alter table machines add column availability text not null default 'available';
alter table machines add column availability_reason text;
alter table machines add column trainer_present_seconds bigint;

create table trainings (
    id             text primary key,
    name           text not null,
    category       text not null,
    validity_kind  text not null,
    validity_days  bigint,
    validity_until text
);

create table training_machine_kinds (
    training_id  text not null references trainings (id),
    machine_kind text not null,
    primary key (training_id, machine_kind)
);

create table trainers (
    training_id text not null references trainings (id),
    member_id   text not null references members (id),
    primary key (training_id, member_id)
);

-- A renewal is a new row: the history of grants and revocations stays readable.
create table certifications (
    id                   text primary key,
    member_id            text not null references members (id),
    training_id          text not null references trainings (id),
    granted_by           text not null,
    granted_by_name      text not null,
    granted_at           bigint not null,
    valid_until_override bigint,
    status               text not null,
    revoked_at           bigint,
    revoked_by           text,
    revoke_reason        text
);
create index certifications_member on certifications (member_id);
create index certifications_training on certifications (training_id);

-- Lab-wide weekly opening windows in the lab's time zone; none at all means always open.
create table opening_windows (
    day_of_week int  not null,
    opens       text not null,
    closes      text not null,
    primary key (day_of_week, opens)
);

create table accounts (
    username      text primary key,
    password_hash text not null,
    role          text not null,
    member_id     text references members (id),
    created_at    bigint not null
);

-- Browser sessions and API tokens are stored as SHA-256 of the secret: a database copy opens nothing.
create table login_sessions (
    secret_hash text primary key,
    username    text not null references accounts (username),
    csrf_token  text not null,
    created_at  bigint not null,
    expires_at  bigint not null
);

create table api_tokens (
    secret_hash text primary key,
    username    text not null references accounts (username),
    name        text not null,
    created_at  bigint not null
);

-- Accounts managed from the dashboard (docs/accounts.md): an account may be deactivated (it can no longer sign in,
-- its browser sessions and API tokens stop working) and may carry the e-mail address invitations and password
-- resets are sent to.
alter table accounts add column active boolean not null default true;
alter table accounts add column email text;
create unique index accounts_email on accounts (email);

-- One-time links: invitations (kind 'invitation': email, role and member of the account to create) and password
-- resets (kind 'reset': the account's username). As with enrollments, only the SHA-256 of a token is kept, and a
-- token is spent once, by the conditional update that sets used_at, so two redemptions at once cannot both win.
create table account_tokens (
    token_hash  text   primary key,
    kind        text   not null,
    email       text,
    role        text,
    member_id   text   references members (id),
    username    text   references accounts (username),
    created_by  text   not null,
    created_at  bigint not null,
    expires_at  bigint not null,
    used_at     bigint
);
create index account_tokens_username on account_tokens (username);

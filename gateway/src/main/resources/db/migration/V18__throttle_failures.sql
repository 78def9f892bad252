-- Refused attempts counted by the throttles, shared by every gateway instance on this database so that attempts spread
-- over several instances count together (docs/architecture.md §5, "Several instances"). A row is one refusal of one
-- key (a username, an e-mail address or a client address) in one throttle's scope (login, reset, enrollment); rows
-- older than their throttle's window are deleted as new ones come.
create table throttle_failures (
    scope        text   not null,
    throttle_key text   not null,
    failed_at    bigint not null
);
create index throttle_failures_by_key on throttle_failures (scope, throttle_key, failed_at);
create index throttle_failures_by_age on throttle_failures (scope, failed_at);

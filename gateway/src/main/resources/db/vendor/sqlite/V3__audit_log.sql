-- Append-only audit log: who did what, to what, why and when. The triggers refuse any update or
-- delete, so even a bug in the gateway cannot rewrite history.
create table audit_log (
    id           integer primary key autoincrement,
    at           bigint not null,
    actor        text   not null,
    action       text   not null,
    subject_type text   not null,
    subject_id   text   not null,
    member_id    text,
    machine_id   text,
    reason       text,
    detail       text
);
create index audit_log_member on audit_log (member_id);
create index audit_log_machine on audit_log (machine_id);
create index audit_log_actor on audit_log (actor);

create trigger audit_log_no_update before update on audit_log
begin
    select raise(abort, 'the audit log is append-only');
end;

create trigger audit_log_no_delete before delete on audit_log
begin
    select raise(abort, 'the audit log is append-only');
end;

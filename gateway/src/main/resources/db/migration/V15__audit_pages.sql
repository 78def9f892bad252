-- Audit entries carry their action's named parameters as one JSON object of texts; entries written before keep their
-- free-text detail, shown as it is.
alter table audit_log add column params text;

-- The audit page pages newest first and filters by action and time.
create index audit_log_at on audit_log (at);
create index audit_log_action on audit_log (action, at);

-- The canonical UID (docs/protocol.md §5.1) as typed at enrolment, only for staff to read it back (masked for its
-- holder). Null for badges enrolled at a node or before this column: only the credential hash reaches the gateway.
alter table badges add column uid text;

-- The security page filters refused messages by node.
create index security_events_node on security_events (node_id, occurred_at);

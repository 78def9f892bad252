-- Refusals counted per node, reason and minute: a flood costs one row per node/reason/minute here, while only the
-- first few of each minute are kept in full in security_events. Both are pruned after ingest.securityLogRetention.
-- docs/protocol.md §9.3.
create table security_event_counts (
    node_id text   not null,
    reason  text   not null,
    minute  bigint not null,
    refused bigint not null,
    primary key (node_id, reason, minute)
);
create index security_event_counts_minute on security_event_counts (minute);

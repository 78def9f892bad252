-- What the impact report (docs/impact.md) needs beyond V12. The same statements as the SQLite V13 but for
-- reading a JSON field: one migration number cannot be both shared and per database.

-- Sessions of one member in time order: the "last use" behind certifications that lapse after disuse.
create index sessions_member_started on sessions (member_id, started_at);
create index consumable_records_recorded_at on consumable_records (recorded_at);
create index certifications_granted_at on certifications (granted_at);
create index members_created_at on members (created_at);
create index ledger_entries_entry_date on ledger_entries (entry_date);

-- The member group's discount on each line, written when the line is charged; null on lines charged before this
-- column existed (the discount of those lines was not kept and cannot be told from a daily cap's cut).
alter table charge_lines add column discount_cents bigint;

-- Refusals already received before access_refusals existed, from the stored badge.denied events; a node no longer
-- registered leaves the machine unknown ('').
insert into access_refusals (node_id, seq, machine_id, occurred_at, reason)
select e.node_id, e.seq, coalesce(n.machine_id, ''), e.ts, (cast(e.body as jsonb) -> 'data' ->> 'reason')
  from node_events e left join nodes n on n.id = e.node_id
 where e.type = 'badge.denied' and (cast(e.body as jsonb) -> 'data' ->> 'reason') is not null;

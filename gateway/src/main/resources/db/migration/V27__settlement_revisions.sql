-- Which settlements the job has to look at again (docs/network.md, "Monthly settlement"). `revision` goes up in the
-- transaction that issues or records a receipt of the month with the partner, or keeps the partner's statement of it;
-- `checked_revision` is the revision our statement was last built at (and sent, when its hash changed). The job
-- rebuilds only the closed months where the first is above the second, so its work follows what changed, not the
-- lab's history, and a change made while a statement is being built leaves the month to look at again.
alter table partner_settlements add column revision bigint not null default 0;
alter table partner_settlements add column checked_revision bigint not null default 0;

-- Every month already holding a receipt gets its row, and every row is looked at once more after the upgrade: a
-- statement unchanged since it was sent is not sent again.
insert into partner_settlements (partner_id, month)
select r.partner_id, r.month
  from (select partner_id, month from partner_receipts_out
        union select partner_id, month from partner_receipts_in) r
 where not exists (select 1 from partner_settlements s where s.partner_id = r.partner_id and s.month = r.month);
update partner_settlements set revision = 1;

create index partner_settlements_to_check on partner_settlements (month, partner_id) where revision > checked_revision;

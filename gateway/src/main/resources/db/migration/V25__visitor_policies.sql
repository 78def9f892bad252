-- Which of our members a partner receives beyond all or none (docs/network.md, "Partners and equivalences"): under
-- visitors 'plans', the ids of the plans whose members travel, comma-separated (empty under any other policy); and
-- each member's consent to be sent to partner labs, which visitors 'opted-in' needs. No consent is presumed.
alter table partners add column visitor_plans text not null default '';
alter table members add column network_visits boolean not null default false;

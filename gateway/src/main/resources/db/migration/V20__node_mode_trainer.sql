-- The trainer's badge a train mode waits on, kept with the mode so the trainee's refused badge finds it on whichever
-- gateway instance handles it (docs/architecture.md, "Several instances"). Cleared when a trainee takes it and
-- whenever the mode is set again. The same types on SQLite and PostgreSQL: one file for both.
alter table node_modes add column trainer_member_id text;
alter table node_modes add column trainer_badged_at bigint;

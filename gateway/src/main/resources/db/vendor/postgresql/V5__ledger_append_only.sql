create function ledger_entries_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the ledger is append-only';
end;
$$;

create trigger ledger_entries_no_change before update or delete on ledger_entries
    for each row execute function ledger_entries_append_only();

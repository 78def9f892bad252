create trigger ledger_entries_no_update before update on ledger_entries
begin
    select raise(abort, 'the ledger is append-only');
end;

create trigger ledger_entries_no_delete before delete on ledger_entries
begin
    select raise(abort, 'the ledger is append-only');
end;

-- A month's receipts with a partner, as a settlement statement reads them (partner and month, in receipt order):
-- without these the primary key served only the partner, and each statement scanned the partner's whole history.
create index partner_receipts_out_month on partner_receipts_out (partner_id, month, receipt_id);
create index partner_receipts_in_month on partner_receipts_in (partner_id, month, receipt_id);

package org.fablab.gateway.billing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.fablab.gateway.network.NetworkAccount;
import org.fablab.protocol.Names;

/**
 * The accounting journal of the ledger: every entry becomes a balanced piece (debits equal credits) of
 * {@link JournalRow}s, numbered by the entry's sequence. Seen from the lab, a positive amount is owed by the member:
 * the member's account ({@code 411<member number>}, or {@code 467<lab id>} for a partner lab's network account) is
 * debited and the sales account credited with the amount net of
 * VAT, the VAT account with the VAT it contains. A negative amount (credit, correction of a charge) is the mirror. A
 * payment moves money from the member's account to the bank; so does the correction of a payment, in reverse. The
 * account names and the entries' labels are written in the language given ({@link LedgerLabelText}).
 */
public final class Journal {
    private Journal() {
    }

    /**
     * The chart of accounts the journal posts to.
     *
     * @param journalCode         e.g. {@code VE} (sales journal)
     * @param memberPrefix        the member's account is this prefix followed by the member number, e.g. {@code 411}
     * @param partnerPrefix       a partner lab's account is this prefix followed by its lab id, e.g. {@code 467}
     * @param purchases           what our members' visits at partner labs cost us, e.g. {@code 604000}
     * @param purchaseJournalCode the journal of those costs, e.g. {@code AC}
     */
    public record Accounts(String journalCode, String sales, String vat, String bank, String memberPrefix,
                           String partnerPrefix, String purchases, String purchaseJournalCode) {
        /**
         * The French chart of accounts: journal VE, sales 706000, VAT collected 445710, bank 512000, members 411,
         * partner labs 467 (other debtors and creditors), services bought 604000 in journal AC.
         */
        public static final Accounts DEFAULT = new Accounts("VE", "706000", "445710", "512000", "411", "467",
                "604000", "AC");

        public Accounts {
            Names.requireText("journalCode", journalCode);
            Names.requireText("sales", sales);
            Names.requireText("vat", vat);
            Names.requireText("bank", bank);
            Names.requireText("memberPrefix", memberPrefix);
            Names.requireText("partnerPrefix", partnerPrefix);
            Names.requireText("purchases", purchases);
            Names.requireText("purchaseJournalCode", purchaseJournalCode);
        }

        /** The account of {@code entry}'s holder: a member's, or a partner lab's for its network account. */
        String holder(LedgerEntry entry, String memberNumber) {
            return NetworkAccount.partnerOf(entry.memberId()).map(partner -> partnerPrefix + partner)
                    .orElse(memberPrefix + memberNumber);
        }
    }

    /**
     * A ledger entry with what the journal needs besides it.
     *
     * @param reversedKind for a correction, the kind of the entry it reverses when known; a correction of a payment
     *                     posts to the bank, any other to sales and VAT
     */
    public record Posting(LedgerEntry entry, String memberName, String memberNumber, Optional<LedgerKind> reversedKind) {
        public Posting {
            Names.require("entry", entry);
            Names.requireText("memberName", memberName);
            Names.requireText("memberNumber", memberNumber);
            Names.require("reversedKind", reversedKind);
        }
    }

    /** The balanced rows of one entry: the member's side first, then the bank, or sales and VAT. */
    public static List<JournalRow> rows(Posting posting, Accounts accounts, LedgerLabelText words) {
        LedgerEntry e = posting.entry();
        long amount = e.amountCents();
        long magnitude = Math.abs(amount);
        boolean memberOwes = amount > 0;
        String piece = Long.toString(e.sequence());
        List<JournalRow> rows = new ArrayList<>(3);
        String label = words.write(LedgerLabels.of(e, Optional.empty()));
        rows.add(row(accounts, e, accounts.holder(e, posting.memberNumber()), posting.memberName(), piece, label,
                memberOwes, magnitude));
        boolean bank = e.kind() == LedgerKind.PAYMENT
                || e.kind() == LedgerKind.CORRECTION && posting.reversedKind().equals(Optional.of(LedgerKind.PAYMENT));
        if (bank) {
            rows.add(row(accounts, e, accounts.bank(), words.account("bank"), piece, label, !memberOwes, magnitude));
            return rows;
        }
        long vat = Math.abs(Money.vatIncluded(amount, e.vatBasisPoints()));
        if (magnitude - vat != 0) {
            rows.add(row(accounts, e, accounts.sales(), words.account("sales"), piece, label, !memberOwes,
                    magnitude - vat));
        }
        if (vat != 0) {
            rows.add(row(accounts, e, accounts.vat(), words.account("vat"), piece, label, !memberOwes, vat));
        }
        return rows;
    }

    /** The rows of every posting, in order, produced as they are read (constant memory). */
    public static Iterator<JournalRow> rows(Iterator<Posting> postings, Accounts accounts, LedgerLabelText words) {
        return new Iterator<>() {
            private Iterator<JournalRow> current = List.<JournalRow>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && postings.hasNext()) {
                    current = rows(postings.next(), accounts, words).iterator();
                }
                return current.hasNext();
            }

            @Override
            public JournalRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private static JournalRow row(Accounts accounts, LedgerEntry e, String account, String accountLabel, String piece,
                                  String label, boolean debit, long cents) {
        return new JournalRow(accounts.journalCode(), e.date(), account, accountLabel, piece, label,
                debit ? cents : 0, debit ? 0 : cents);
    }
}

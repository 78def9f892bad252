package org.fablab.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final Journal.Accounts ACCOUNTS = Journal.Accounts.DEFAULT;
    private static final LedgerLabelText ENGLISH = LedgerLabelText.in(Locale.ENGLISH);

    private static Journal.Posting posting(long sequence, LedgerKind kind, long cents, int vat,
                                           Optional<LedgerKind> reversed) {
        LedgerEntry entry = new LedgerEntry(sequence, DAY, "m-ada", kind, cents, "EUR", "cause-" + sequence,
                "label " + sequence, vat, LedgerChain.GENESIS, LedgerChain.GENESIS);
        return new Journal.Posting(entry, "Ada Lovelace", "42", reversed);
    }

    private static JournalRow row(String account, String accountLabel, String piece, long debit, long credit) {
        return new JournalRow("VE", DAY, account, accountLabel, piece, "label " + piece, debit, credit);
    }

    @Test
    void aCharge_debitsTheMember_andCreditsSalesNetOfVat_andTheVatItContains() {
        assertThat(Journal.rows(posting(7, LedgerKind.CHARGE, 1250, 2000, Optional.empty()), ACCOUNTS, ENGLISH)).containsExactly(
                row("41142", "Ada Lovelace", "7", 1250, 0),
                row("706000", "Sales", "7", 0, 1042),
                row("445710", "VAT collected", "7", 0, 208));
    }

    @Test
    void aVisitChargedToAPartnersNetworkAccount_debitsThePartnersAccount467() {
        LedgerEntry visit = new LedgerEntry(9, DAY, "network:lab-a", LedgerKind.CHARGE, 600, "EUR",
                "session:laser-1:s-1", "label 9", 2000, LedgerChain.GENESIS, LedgerChain.GENESIS);

        assertThat(Journal.rows(new Journal.Posting(visit, "Fablab A", "network:lab-a", Optional.empty()), ACCOUNTS,
                ENGLISH)).containsExactly(
                row("467lab-a", "Fablab A", "9", 600, 0),
                row("706000", "Sales", "9", 0, 500),
                row("445710", "VAT collected", "9", 0, 100));
    }

    @Test
    void aCreditAndTheCorrectionOfACharge_areTheMirrorOfACharge() {
        assertThat(Journal.rows(posting(8, LedgerKind.CREDIT, -600, 550, Optional.empty()), ACCOUNTS, ENGLISH)).containsExactly(
                row("41142", "Ada Lovelace", "8", 0, 600),
                row("706000", "Sales", "8", 569, 0),
                row("445710", "VAT collected", "8", 31, 0));
        assertThat(Journal.rows(posting(9, LedgerKind.CORRECTION, -1250, 2000, Optional.of(LedgerKind.CHARGE)),
                ACCOUNTS, ENGLISH)).containsExactly(
                row("41142", "Ada Lovelace", "9", 0, 1250),
                row("706000", "Sales", "9", 1042, 0),
                row("445710", "VAT collected", "9", 208, 0));
    }

    @Test
    void aPayment_movesMoneyFromTheMemberToTheBank_andItsCorrectionBack() {
        assertThat(Journal.rows(posting(3, LedgerKind.PAYMENT, -1730, 0, Optional.empty()), ACCOUNTS, ENGLISH)).containsExactly(
                row("41142", "Ada Lovelace", "3", 0, 1730),
                row("512000", "Bank", "3", 1730, 0));
        assertThat(Journal.rows(posting(4, LedgerKind.CORRECTION, 1730, 0, Optional.of(LedgerKind.PAYMENT)), ACCOUNTS, ENGLISH))
                .containsExactly(row("41142", "Ada Lovelace", "4", 1730, 0),
                        row("512000", "Bank", "4", 0, 1730));
    }

    @Test
    void anEntryWithoutVat_hasNoVatRow_andOtherAccountsAreUsedWhenConfigured() {
        Journal.Accounts other = new Journal.Accounts("VT", "706100", "445711", "512100", "4110", "4670", "604100", "HA");

        assertThat(Journal.rows(posting(5, LedgerKind.CHARGE, 900, 0, Optional.empty()), other, ENGLISH)).containsExactly(
                new JournalRow("VT", DAY, "411042", "Ada Lovelace", "5", "label 5", 900, 0),
                new JournalRow("VT", DAY, "706100", "Sales", "5", "label 5", 0, 900));
    }

    @Test
    void inFrench_theAccountsAndTheEntrysLabel_areWrittenInFrench() {
        LedgerEntry entry = new LedgerEntry(6, DAY, "m-ada", LedgerKind.CHARGE, 1250, "EUR", "consumable:r-6",
                "Plywood 3 mm: 2 × sheet", 2000, LedgerChain.GENESIS, LedgerChain.GENESIS);

        assertThat(Journal.rows(new Journal.Posting(entry, "Ada Lovelace", "42", Optional.empty()), ACCOUNTS,
                LedgerLabelText.in(Locale.FRENCH))).extracting(JournalRow::accountLabel, JournalRow::label)
                .containsExactly(tuple("Ada Lovelace", "Plywood 3 mm : 2 × plaque"),
                        tuple("Ventes", "Plywood 3 mm : 2 × plaque"), tuple("TVA collectée", "Plywood 3 mm : 2 × plaque"));
    }

    @Test
    void everyPiece_balances_forEveryKindAmountAndRate() {
        List<Journal.Posting> postings = new ArrayList<>();
        long sequence = 1;
        for (int rate : new int[] {0, 210, 550, 1000, 2000, 10_000}) {
            for (long cents = 1; cents <= 20_000; cents += 37) {
                postings.add(posting(sequence++, LedgerKind.CHARGE, cents, rate, Optional.empty()));
                postings.add(posting(sequence++, LedgerKind.CREDIT, -cents, rate, Optional.empty()));
                postings.add(posting(sequence++, LedgerKind.PAYMENT, -cents, 0, Optional.empty()));
                postings.add(posting(sequence++, LedgerKind.CORRECTION, cents, rate, Optional.of(LedgerKind.CREDIT)));
                postings.add(posting(sequence++, LedgerKind.CORRECTION, -cents, rate, Optional.of(LedgerKind.CHARGE)));
                postings.add(posting(sequence++, LedgerKind.CORRECTION, cents, 0, Optional.of(LedgerKind.PAYMENT)));
                postings.add(posting(sequence++, LedgerKind.CORRECTION, -cents, rate, Optional.empty()));
            }
        }

        for (Journal.Posting p : postings) {
            List<JournalRow> rows = Journal.rows(p, ACCOUNTS, ENGLISH);
            long debit = rows.stream().mapToLong(JournalRow::debitCents).sum();
            long credit = rows.stream().mapToLong(JournalRow::creditCents).sum();
            assertThat(debit).as("piece %s", p.entry().sequence()).isEqualTo(credit)
                    .isEqualTo(Math.abs(p.entry().amountCents()));
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.piece()).isEqualTo(Long.toString(p.entry().sequence()));
                assertThat(r.debitCents() + r.creditCents()).isPositive();
            });
        }
    }

    @Test
    void theStreamedJournal_isTheRowsOfEachPostingInOrder() {
        List<Journal.Posting> postings = List.of(posting(1, LedgerKind.CHARGE, 1250, 2000, Optional.empty()),
                posting(2, LedgerKind.PAYMENT, -1250, 0, Optional.empty()));
        List<JournalRow> expected = new ArrayList<>(Journal.rows(postings.get(0), ACCOUNTS, ENGLISH));
        expected.addAll(Journal.rows(postings.get(1), ACCOUNTS, ENGLISH));

        List<JournalRow> streamed = new ArrayList<>();
        Journal.rows(postings.iterator(), ACCOUNTS, ENGLISH).forEachRemaining(streamed::add);

        assertThat(streamed).isEqualTo(expected).hasSize(5);
    }
}

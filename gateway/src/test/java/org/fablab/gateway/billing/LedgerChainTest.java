package org.fablab.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LedgerChainTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    @Test
    void canonicalForm_isNetstringsInFixedOrder_andTheHashMatchesAnIndependentSha256() {
        LedgerDraft draft = new LedgerDraft(DAY, "m-1", LedgerKind.CHARGE, 1250, "EUR", "session:s-1",
                "Découpe laser", 2000);

        LedgerEntry first = LedgerChain.append(null, draft);

        assertThat(new String(LedgerChain.canonical(1, LedgerChain.GENESIS, draft), StandardCharsets.UTF_8))
                .isEqualTo("15:fablab-ledger/1,1:1,64:" + "0".repeat(64) + ",10:2026-11-23,3:m-1,6:charge,4:1250,"
                        + "3:EUR,11:session:s-1,14:Découpe laser,4:2000,");
        // printf '15:fablab-ledger/1,1:1,64:000…0,10:2026-11-23,…,4:2000,' | sha256sum
        assertThat(first.hash()).isEqualTo("21364f09373f6de784c4a22e4fd5a10767e7942cca54da1a6fe83ec6c62b554e");
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.previousHash()).isEqualTo(LedgerChain.GENESIS);
    }

    @Test
    void canonicalForm_keepsFieldBoundaries_soMovingTextBetweenFieldsChangesTheHash() {
        LedgerDraft a = new LedgerDraft(DAY, "m-1", LedgerKind.CHARGE, 100, "EUR", "session:s-1", "x,3:EUR", 0);
        LedgerDraft b = new LedgerDraft(DAY, "m-1", LedgerKind.CHARGE, 100, "EUR", "session:s-1,3:EUR", "x", 0);

        assertThat(LedgerChain.append(null, a).hash()).isNotEqualTo(LedgerChain.append(null, b).hash());
    }

    @Test
    void verify_acceptsAnIntactChain_andReportsItsLengthAndHead() {
        List<LedgerEntry> chain = chain(5);

        assertThat(LedgerChain.verify(chain)).isEqualTo(new ChainCheck.Verified(5, chain.get(4).hash()));
        assertThat(LedgerChain.verify(List.of())).isEqualTo(new ChainCheck.Verified(0, LedgerChain.GENESIS));
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                Arguments.of("a changed amount", (UnaryOperator<List<LedgerEntry>>) c -> replace(c, 3,
                        with(c.get(3), 999_999, c.get(3).date())), 4L),
                Arguments.of("a changed date", (UnaryOperator<List<LedgerEntry>>) c -> replace(c, 1,
                        with(c.get(1), c.get(1).amountCents(), DAY.minusDays(1))), 2L),
                Arguments.of("two entries swapped", (UnaryOperator<List<LedgerEntry>>) c -> swap(c, 2, 3), 4L),
                Arguments.of("an entry deleted", (UnaryOperator<List<LedgerEntry>>) c -> remove(c, 1), 3L),
                Arguments.of("the first entry deleted", (UnaryOperator<List<LedgerEntry>>) c -> remove(c, 0), 2L),
                Arguments.of("an entry inserted and chained to its predecessor",
                        (UnaryOperator<List<LedgerEntry>>) c -> insertAfter(c, 1), 3L),
                Arguments.of("an amount changed with its own hash recomputed",
                        (UnaryOperator<List<LedgerEntry>>) c -> replace(c, 2, rehashed(c.get(1), c.get(2))), 4L));
    }

    @ParameterizedTest(name = "verify detects {0} and names the first broken entry")
    @MethodSource("tampering")
    void verify_detectsTampering_atTheFirstBrokenEntry(String what, UnaryOperator<List<LedgerEntry>> tamper,
                                                       long firstBroken) {
        ChainCheck check = LedgerChain.verify(tamper.apply(chain(6)));

        assertThat(check).isInstanceOf(ChainCheck.Broken.class);
        assertThat(((ChainCheck.Broken) check).sequence()).isEqualTo(firstBroken);
    }

    @Test
    void verify_ofAChainCutAtItsEnd_passes_butItsHeadDiffersFromTheRecordedOne() {
        List<LedgerEntry> chain = chain(4);
        String recordedHead = chain.get(3).hash();

        ChainCheck check = LedgerChain.verify(chain.subList(0, 3));

        assertThat(check).isInstanceOf(ChainCheck.Verified.class);
        assertThat(((ChainCheck.Verified) check).headHash()).isNotEqualTo(recordedHead);
    }

    @Test
    void reverse_makesACreditNoteOfTheOppositeAmount_thatChainsAndCancelsTheOriginal() {
        List<LedgerEntry> chain = chain(3);
        LedgerEntry charge = chain.get(1);

        LedgerDraft note = LedgerChain.reverse(charge, "machine fault, session refunded", DAY.plusDays(2));
        chain.add(LedgerChain.append(chain.get(2), note));

        assertThat(note.kind()).isEqualTo(LedgerKind.CORRECTION);
        assertThat(note.amountCents()).isEqualTo(-charge.amountCents());
        assertThat(note.vatBasisPoints()).isEqualTo(charge.vatBasisPoints());
        assertThat(note.cause()).isEqualTo("reversal:2");
        assertThat(note.label()).startsWith("reversal of #2 (").endsWith("): machine fault, session refunded");
        assertThat(LedgerChain.verify(chain)).isInstanceOf(ChainCheck.Verified.class);
    }

    @Test
    void entries_refuseZeroAmountsAndWrongSigns() {
        assertThatThrownBy(() -> draft(LedgerKind.CHARGE, 0)).hasMessageContaining("charge cannot have amount 0");
        assertThatThrownBy(() -> draft(LedgerKind.CHARGE, -5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> draft(LedgerKind.PAYMENT, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> draft(LedgerKind.CORRECTION, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(draft(LedgerKind.CORRECTION, 5).amountCents()).isEqualTo(5);
    }

    @Test
    void chargeKey_isTheIdempotenceKeyAndEveryLedgerLineOfTheChargeCitesIt() {
        Charge charge = new Charge(ChargeKey.session("s-7"), "m-1", List.of(
                new ChargeLine("laser-cutter session fee", 1, "session", 100, 2000, 0, 100),
                new ChargeLine("laser-cutter wall time 2026-11-23", 2, "15 min", 200, 2000, 0, 400)), List.of());

        List<LedgerDraft> drafts = charge.toLedger(DAY, "EUR");

        assertThat(drafts).extracting(LedgerDraft::cause).containsOnly("session:s-7");
        assertThat(drafts).extracting(LedgerDraft::amountCents).containsExactly(100L, 400L);
        assertThat(drafts).extracting(LedgerDraft::label).containsExactly("laser-cutter session fee: 1 × session",
                "laser-cutter wall time 2026-11-23: 2 × 15 min");
    }

    static LedgerDraft draft(LedgerKind kind, long amount) {
        return new LedgerDraft(DAY, "m-1", kind, amount, "EUR", "x", "x", 0);
    }

    /** Entries 1..n alternating charges and payments of distinct amounts. */
    static List<LedgerEntry> chain(int n) {
        List<LedgerEntry> chain = new ArrayList<>();
        LedgerEntry head = null;
        for (int i = 1; i <= n; i++) {
            LedgerDraft d = i % 3 == 0
                    ? new LedgerDraft(DAY.plusDays(i), "m-" + i % 2, LedgerKind.PAYMENT, -100L * i, "EUR", "pay-" + i,
                            "payment " + i, 0)
                    : new LedgerDraft(DAY.plusDays(i), "m-" + i % 2, LedgerKind.CHARGE, 250L * i, "EUR",
                            ChargeKey.session("s-" + i), "session " + i, 2000);
            head = LedgerChain.append(head, d);
            chain.add(head);
        }
        return chain;
    }

    static LedgerEntry with(LedgerEntry e, long amount, LocalDate date) {
        return new LedgerEntry(e.sequence(), date, e.memberId(), e.kind(), amount, e.currency(), e.cause(),
                e.label(), e.vatBasisPoints(), e.previousHash(), e.hash());
    }

    private static LedgerEntry rehashed(LedgerEntry previous, LedgerEntry e) {
        LedgerEntry forged = with(e, e.amountCents() + 1, e.date());
        return LedgerChain.append(previous, forged.draft());
    }

    private static List<LedgerEntry> replace(List<LedgerEntry> c, int index, LedgerEntry e) {
        List<LedgerEntry> copy = new ArrayList<>(c);
        copy.set(index, e);
        return copy;
    }

    private static List<LedgerEntry> swap(List<LedgerEntry> c, int i, int j) {
        List<LedgerEntry> copy = new ArrayList<>(c);
        copy.set(i, c.get(j));
        copy.set(j, c.get(i));
        return copy;
    }

    private static List<LedgerEntry> remove(List<LedgerEntry> c, int index) {
        List<LedgerEntry> copy = new ArrayList<>(c);
        copy.remove(index);
        return copy;
    }

    private static List<LedgerEntry> insertAfter(List<LedgerEntry> c, int index) {
        List<LedgerEntry> copy = new ArrayList<>(c);
        copy.add(index + 1, LedgerChain.append(c.get(index), draft(LedgerKind.CREDIT, -5_000)));
        return copy;
    }
}

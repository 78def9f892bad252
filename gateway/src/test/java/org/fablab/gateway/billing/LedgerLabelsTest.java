package org.fablab.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The labels are read back from what {@link Pricing}, {@link Charge} and the manual entries really write. */
class LedgerLabelsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final LedgerLabelText FRENCH = LedgerLabelText.in(Locale.FRENCH);
    private static final LedgerLabelText ENGLISH = LedgerLabelText.in(Locale.ENGLISH);

    private static LedgerEntry entry(long sequence, LedgerDraft draft) {
        return new LedgerEntry(sequence, draft.date(), draft.memberId(), draft.kind(), draft.amountCents(),
                draft.currency(), draft.cause(), draft.label(), draft.vatBasisPoints(), LedgerChain.GENESIS,
                LedgerChain.GENESIS);
    }

    private static List<LedgerEntry> charged(Charge charge) {
        return charge.toLedger(DAY, "EUR").stream().map(d -> entry(1, d)).toList();
    }

    private static LedgerEntry manual(LedgerKind kind, long cents, String cause, String label) {
        return entry(1, new LedgerDraft(DAY, "m-ada", kind, cents, "EUR", cause, label, 0));
    }

    @Test
    void sessionLines_nameTheMachine_theDay_andTheBlocks() {
        Instant start = Instant.parse("2026-11-23T09:00:00Z");
        BilledSession session = new BilledSession("n-1:s-7", "m-ada", PricingGoldenTest.LASER, start,
                start.plus(Duration.ofMinutes(40)), Duration.ofMinutes(11));
        List<LedgerEntry> lines = charged(Pricing.session(session, PricingGoldenTest.SPLIT, FreeWindows.NONE,
                MemberTerms.NONE, PricingGoldenTest.PARIS));

        assertThat(lines).extracting(e -> LedgerLabels.of(e, Optional.of("Epilog Fusion")))
                .containsExactly(
                        new LedgerLabel(LedgerLabel.SESSION_FEE, Map.of("machine", "Epilog Fusion",
                                "machineKind", "laser-cutter", "date", "2026-11-23")),
                        new LedgerLabel(LedgerLabel.SESSION_WALL, Map.of("machine", "Epilog Fusion",
                                "machineKind", "laser-cutter", "date", "2026-11-23", "quantity", 3L,
                                "blockMinutes", 15L)),
                        new LedgerLabel(LedgerLabel.SESSION_BUSY, Map.of("machine", "Epilog Fusion",
                                "machineKind", "laser-cutter", "date", "2026-11-23", "quantity", 3L,
                                "blockMinutes", 5L)));
        assertThat(lines).extracting(e -> FRENCH.write(LedgerLabels.of(e, Optional.of("Epilog Fusion"))))
                .containsExactly("Epilog Fusion, séance du 23/11/2026 : frais de séance",
                        "Epilog Fusion, séance du 23/11/2026 : temps machine 3 × 15 min",
                        "Epilog Fusion, séance du 23/11/2026 : temps actif 3 × 5 min");
    }

    @Test
    void aSessionWhoseMachineIsUnknown_isNamedByItsKind() {
        Instant start = Instant.parse("2026-11-23T09:00:00Z");
        BilledSession session = new BilledSession("n-1:s-8", "m-ada", PricingGoldenTest.LASER, start,
                start.plus(Duration.ofMinutes(20)), Duration.ZERO);
        LedgerEntry wall = charged(Pricing.session(session, PricingGoldenTest.WALL, FreeWindows.NONE, MemberTerms.NONE,
                PricingGoldenTest.PARIS)).get(0);

        assertThat(ENGLISH.write(LedgerLabels.of(wall, Optional.empty())))
                .isEqualTo("laser-cutter, session of 2026-11-23: machine time 2 × 15 min");
    }

    @Test
    void aConsumable_hasItsItemQuantityAndUnit_andThePlanFeeItsPlanAndMonth() {
        CatalogueItem plywood = new CatalogueItem("plywood-3", "Plywood 3 mm", CatalogueItem.Unit.SHEET, 450, 2000);
        LedgerEntry sheet = charged(Pricing.consumable(new ConsumableUse("r-1", "m-ada", null, "plywood-3", 2),
                plywood, null)).get(0);
        LedgerEntry fee = charged(Pricing.planFee("m-ada", PricingGoldenTest.HOUR_PLAN, YearMonth.of(2026, 11)))
                .get(0);

        assertThat(LedgerLabels.of(sheet, Optional.empty())).isEqualTo(new LedgerLabel(LedgerLabel.CONSUMABLE,
                Map.of("item", "Plywood 3 mm", "quantity", 2L, "unit", "sheet")));
        assertThat(FRENCH.write(LedgerLabels.of(sheet, Optional.empty()))).isEqualTo("Plywood 3 mm : 2 × plaque");
        assertThat(LedgerLabels.of(fee, Optional.empty())).isEqualTo(new LedgerLabel(LedgerLabel.PLAN_FEE,
                Map.of("plan", "maker", "month", "2026-11")));
        assertThat(FRENCH.write(LedgerLabels.of(fee, Optional.empty()))).isEqualTo("Forfait maker, novembre 2026");
        assertThat(ENGLISH.write(LedgerLabels.of(fee, Optional.empty()))).isEqualTo("Plan maker, November 2026");
    }

    @Test
    void aVisitAtAPartnerLab_namesThePartnerTheMachineKindAndTheDay_inEitherLanguage() {
        LedgerEntry visit = charged(Pricing.visit("lab-b", "session:printer-1:s-9", "m-ada",
                "visit at Fablab B: 3d-printer 2026-11-23", 1_200)).get(0);

        assertThat(LedgerLabels.of(visit, Optional.empty())).isEqualTo(new LedgerLabel(LedgerLabel.VISIT, Map.of(
                "partner", "Fablab B", "machineKind", "3d-printer", "date", "2026-11-23")));
        assertThat(FRENCH.write(LedgerLabels.of(visit, Optional.empty())))
                .isEqualTo("Visite chez Fablab B : 3d-printer le 23/11/2026");
    }

    @Test
    void manualEntries_keepTheirReference_code_orText() {
        assertThat(LedgerLabels.of(manual(LedgerKind.PAYMENT, -500, "payment:CHQ-12", "payment CHQ-12"),
                Optional.empty())).isEqualTo(new LedgerLabel(LedgerLabel.PAYMENT, Map.of("reference", "CHQ-12")));
        assertThat(LedgerLabels.of(manual(LedgerKind.CREDIT, -500, "coupon:WELCOME-5:m-ada", "coupon WELCOME-5"),
                Optional.empty())).isEqualTo(new LedgerLabel(LedgerLabel.COUPON, Map.of("code", "WELCOME-5")));
        assertThat(LedgerLabels.of(manual(LedgerKind.CREDIT, -500, "credit:0a1b", "Geste pour la panne"),
                Optional.empty())).isEqualTo(new LedgerLabel(LedgerLabel.CREDIT, Map.of("text", "Geste pour la panne")));
        assertThat(FRENCH.write(LedgerLabels.of(manual(LedgerKind.PAYMENT, -500, "payment:CHQ-12", "payment CHQ-12"),
                Optional.empty()))).isEqualTo("Paiement CHQ-12");
    }

    @Test
    void aReversal_namesTheReversedEntry_andKeepsTheReason() {
        LedgerEntry sheet = entry(4, new LedgerDraft(DAY, "m-ada", LedgerKind.CHARGE, 900, "EUR", "consumable:r-1",
                "Plywood 3 mm: 2 × sheet", 2000));
        LedgerEntry reversal = entry(5, LedgerChain.reverse(sheet, "weighed again (twice): 1 sheet", DAY));

        assertThat(LedgerLabels.of(reversal, Optional.empty())).isEqualTo(new LedgerLabel(LedgerLabel.REVERSAL,
                Map.of("entry", 4L, "reason", "weighed again (twice): 1 sheet")));
        assertThat(FRENCH.write(LedgerLabels.of(reversal, Optional.empty())))
                .isEqualTo("Annulation de l’écriture n° 4 : weighed again (twice): 1 sheet");
    }

    @Test
    void aCauseThatNamesNoKind_isShownAsStored_evenWithAKindsPrefix() {
        assertThat(LedgerLabels.of(manual(LedgerKind.PAYMENT, -500, "payment:", "payment "), Optional.empty()))
                .isEqualTo(new LedgerLabel(LedgerLabel.TEXT, Map.of("text", "payment ")));
    }

    @Test
    void aLabelOfAnotherForm_isShownAsStored() {
        LedgerEntry odd = manual(LedgerKind.CHARGE, 300, "session:n-1:s-9", "hand-written line");

        assertThat(LedgerLabels.of(odd, Optional.of("Laser"))).isEqualTo(new LedgerLabel(LedgerLabel.TEXT,
                Map.of("text", "hand-written line")));
        assertThat(FRENCH.write(LedgerLabels.of(odd, Optional.empty()))).isEqualTo("hand-written line");
    }
}

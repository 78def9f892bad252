package org.fablab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The billing pages' {@code ledgerLabel} in GraalJS with the packaged catalogues: ledger and statement lines are
 * written from their labelCode and labelParams in the page's language, so a French page shows no English label.
 */
class LedgerLabelScriptTest {
    /** One line of each code, as GET /ledger and /statements give them (stored English label included). */
    private static final String LINES = """
            [
             {"label": "laser-cutter session fee: 1 × session", "labelCode": "sessionFee",
              "labelParams": {"machine": "Epilog Fusion", "machineKind": "laser-cutter", "date": "2026-11-23"}},
             {"label": "laser-cutter wall time 2026-11-23: 3 × 15 min", "labelCode": "sessionWall",
              "labelParams": {"machine": "Epilog Fusion", "machineKind": "laser-cutter", "date": "2026-11-23",
                              "quantity": 3, "blockMinutes": 15}},
             {"label": "laser-cutter busy time 2026-11-23: 2 × 5 min", "labelCode": "sessionBusy",
              "labelParams": {"machine": "Epilog Fusion", "machineKind": "laser-cutter", "date": "2026-11-23",
                              "quantity": 2, "blockMinutes": 5}},
             {"label": "Contreplaqué 3 mm: 1 × sheet", "labelCode": "consumable",
              "labelParams": {"item": "Contreplaqué 3 mm", "quantity": 1, "unit": "sheet"}},
             {"label": "plan maker 2026-11: 1 × month", "labelCode": "planFee",
              "labelParams": {"plan": "maker", "month": "2026-11"}},
             {"label": "payment CHQ-12", "labelCode": "payment", "labelParams": {"reference": "CHQ-12"}},
             {"label": "coupon WELCOME", "labelCode": "coupon", "labelParams": {"code": "WELCOME"}},
             {"label": "reversal of #4 (payment CHQ-12): chèque refusé", "labelCode": "reversal",
              "labelParams": {"entry": 4, "reason": "chèque refusé"}}
            ]""";
    private static DashboardScript script;

    @BeforeAll
    static void load() {
        script = DashboardScript.translating("pages/billing.js", "billing");
    }

    @AfterAll
    static void close() {
        script.close();
    }

    private static String labels(String language) {
        return script.inLanguage(language, LINES + ".map(billing.ledgerLabel)");
    }

    @Test
    void inFrench_everyLineIsWrittenInFrench_withTheMachineAndTheDayOfItsSession() {
        String french = labels("fr");

        assertThat(french).contains("Epilog Fusion, séance du 23 nov. 2026 : frais de séance",
                "Epilog Fusion, séance du 23 nov. 2026 : temps machine 3 × 15 min",
                "Epilog Fusion, séance du 23 nov. 2026 : temps actif 2 × 5 min",
                "Contreplaqué 3 mm : 1 × plaque", "Forfait maker, novembre 2026", "Paiement CHQ-12",
                "Bon de réduction WELCOME", "Annulation de l’écriture n° 4 : chèque refusé");
        assertThat(french).doesNotContain("session", "fee", "wall time", "busy", "sheet", "payment", "Payment",
                "Coupon", "coupon", "reversal", "Reversal", "plan maker", "2026-11-23", "laser-cutter");
    }

    @Test
    void inEnglish_theSameLinesAreWrittenInEnglish() {
        assertThat(labels("en")).contains("Epilog Fusion, session of Nov 23, 2026: session fee",
                "Contreplaqué 3 mm: 1 × sheet", "Plan maker, November 2026", "Payment CHQ-12",
                "Reversal of entry #4: chèque refusé");
    }

    @Test
    void aLineWithoutACodeTheCatalogueKnows_showsItsStoredLabel() {
        labels("fr");

        assertThat(script.eval("billing.ledgerLabel({ label: 'old text' })").asString()).isEqualTo("old text");
        assertThat(script.eval("billing.ledgerLabel({ label: 'old text', labelCode: 'someday', labelParams: {} })")
                .asString()).isEqualTo("old text");
    }
}

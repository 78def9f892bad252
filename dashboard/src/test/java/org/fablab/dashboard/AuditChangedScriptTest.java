package org.fablab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged {@code audit-changed.js} in GraalJS: the {@code changed} parameter of update entries, stored as the
 * gateway's English text, is read in the page's language, field names and values translated.
 */
class AuditChangedScriptTest {
    private static DashboardScript script;

    @BeforeAll
    static void load() {
        script = DashboardScript.translating("audit-changed.js", "changed");
    }

    @AfterAll
    static void close() {
        script.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "fr | name, validUntil=2026-12-31, active=false | nom, adhésion valable jusqu’au : 31 déc. 2026, actif : non",
        "en | name, validUntil=2026-12-31, active=false | name, membership valid until: Dec 31, 2026, active: no",
        "fr | validUntil=none, active=true              | adhésion valable jusqu’au : sans fin, actif : oui",
        "fr | name=Laser, grand format, kind=laser-cutter | nom : Laser, grand format, type : Découpe laser",
        "fr | machine laser-1 -> laser-2, offlinePolicy=cached, maxStaleness=PT15M"
            + " | machine : laser-1 → laser-2, politique hors ligne : Liste en cache, liste d’accès valable : 15 min",
        "fr | role, email                               | rôle, e-mail",
        "fr | machine                                   | machine",
    })
    void theChangedFields_areWrittenInThePagesLanguage(String language, String stored, String shown) {
        assertThat(script.inLanguage(language, "changed.changedText('" + stored + "')"))
                .isEqualTo('"' + shown + '"');
    }
}

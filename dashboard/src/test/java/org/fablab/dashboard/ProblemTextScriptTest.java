package org.fablab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code dom.js} in GraalJS with the French catalogue loaded: a problem the gateway sends with a code is
 * shown as that code's sentence with its parameters (a field's name translated too), never as the English detail;
 * a code the catalogue lacks falls back to the status's message; a problem without a code (one the page made
 * itself) keeps its detail.
 */
class ProblemTextScriptTest {
    private static DashboardScript script;

    @BeforeAll
    static void loadInFrench() throws IOException, URISyntaxException {
        script = DashboardScript.load("dom.js", "dom");
        script.eval("globalThis.CATALOGUES = { en: " + resource("i18n/en.json") + ", fr: " + resource("i18n/fr.json")
                + " };"
                + "globalThis.URL = class { constructor(path) { this.path = path; } };"
                + "globalThis.fetch = async (url) => ({ ok: true, json: async () =>"
                + "  CATALOGUES[/i18n\\/(\\w+)\\.json/.exec(url.path)[1]] });"
                + "globalThis.document = { documentElement: {}, querySelectorAll: () => [] };");
        String i18n = Path.of(ProblemTextScriptTest.class.getClassLoader().getResource("fablab-dashboard/i18n.js")
                .toURI()).toString();
        script.eval("import('" + i18n + "').then((i18n) => i18n.setLanguage('fr'))"
                + ".then(() => { globalThis.loaded = true; }, (e) => { globalThis.loaded = String(e); });");
        assertThat(script.eval("globalThis.loaded").toString()).isEqualTo("true");
    }

    @AfterAll
    static void close() {
        script.close();
    }

    @Test
    void aCodedProblem_isItsSentenceInFrench_withTheFieldNameTranslated() {
        assertThat(text("{ status: 400, problem: { code: 'field.format', field: 'email',"
                + " params: { field: 'email', example: 'name@example.org' },"
                + " detail: 'email must look like name@example.org' } }"))
                .isEqualTo("E-mail : format attendu comme name@example.org.");
        assertThat(text("{ status: 400, problem: { code: 'field.required', params: { field: 'name' },"
                + " detail: 'name is required' } }")).isEqualTo("Nom : obligatoire.");
    }

    @Test
    void aConflict_namesItsParametersInFrench() {
        assertThat(text("{ status: 409, problem: { code: 'coupon.expired',"
                + " params: { coupon: 'WELCOME', date: '2026-11-30' },"
                + " detail: 'coupon WELCOME expired on 2026-11-30' } }"))
                .isEqualTo("Le bon WELCOME a expiré le 2026-11-30.");
        assertThat(text("{ status: 409, problem: { code: 'period.not-over', params: { month: '2026-12' },"
                + " detail: '2026-12 is not over yet' } }")).isEqualTo("2026-12 n'est pas encore terminé.");
    }

    @Test
    void aFieldNameTheCatalogueLacks_isShownAsSent() {
        assertThat(text("{ status: 400, problem: { code: 'field.required',"
                + " params: { field: 'colour' } } }")).isEqualTo("colour : obligatoire.");
    }

    @Test
    void aPathIntoAList_isReadPartByPart_theEntryCountedFromOne() {
        assertThat(text("{ status: 400, problem: { code: 'field.required',"
                + " params: { field: 'windows[0].from' } } }")).isEqualTo("Créneau gratuit 1 › Du : obligatoire.");
        assertThat(text("{ status: 400, problem: { code: 'field.required',"
                + " params: { field: 'windows[2].colour' } } }")).isEqualTo("Créneau gratuit 3 › colour : obligatoire.");
    }

    @Test
    void aCodeTheCatalogueLacks_fallsBackToTheStatusMessage_notTheEnglishDetail() {
        assertThat(text("{ status: 403, problem: { code: 'some.future-code', params: {},"
                + " detail: 'you may not' } }")).isEqualTo("Votre rôle ne le permet pas.");
    }

    @Test
    void aProblemWithoutCode_keepsItsOwnDetail() {
        assertThat(text("{ status: 400, problem: { field: 'month', detail: 'Choisissez un mois.' } }"))
                .isEqualTo("Choisissez un mois.");
    }

    private static String text(String error) {
        return script.eval("dom.problemText(" + error + ")").asString();
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ProblemTextScriptTest.class.getClassLoader()
                .getResourceAsStream("fablab-dashboard/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

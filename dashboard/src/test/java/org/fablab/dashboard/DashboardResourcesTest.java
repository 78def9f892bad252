package org.fablab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.MachineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the packaged dashboard without a browser: every file is in the jar, every
 * reference resolves (router pages included), every translation key exists in every
 * language, every test id is documented in the README and the other way round, and no
 * script parses HTML or loads anything from another origin. Browser behaviour is tested by the
 * gateway's browser tests against the DOM contract in the module README.
 */
class DashboardResourcesTest {

    private static final String ROOT = "fablab-dashboard/";
    private static final List<String> LANGUAGES = List.of("en", "fr");
    private static final List<String> SCRIPTS = List.of(
            "app.js", "api.js", "audit-changed.js", "board.js", "charts.js", "clock.js", "dom.js", "format.js", "i18n.js",
            "live.js", "money.js", "nav.js", "needs.js", "report.js", "router.js", "session.js",
            "pages/audit.js", "pages/badges.js", "pages/billing.js", "pages/certifications.js",
            "pages/consumables.js", "pages/exports.js", "pages/impact.js", "pages/ledger.js", "pages/login.js", "pages/machine-registry.js", "pages/machines.js",
            "pages/me-billing.js", "pages/me.js", "pages/member-billing.js", "pages/member.js", "pages/members.js",
            "pages/network-visits.js", "pages/nodes.js", "pages/partners.js", "pages/periods.js", "pages/prices.js", "pages/security.js", "pages/session-list.js", "pages/statement-doc.js",
            "pages/statement.js", "pages/statements.js", "pages/training-form.js", "pages/training.js",
            "pages/trainings.js", "pages/accounts.js", "pages/accept.js", "pages/reset.js");
    private static final Path README = Path.of("README.md");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"index.html", "style.css", "favicon.svg", "i18n/en.json", "i18n/fr.json"})
    void packagedFile_isOnTheClasspath(String file) {
        assertThat(resource(file)).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void script_isOnTheClasspath(String script) {
        assertThat(resource(script)).isNotNull();
    }

    @Test
    void scriptList_coversEveryPackagedScript() throws IOException, URISyntaxException {
        Path root = Path.of(resource("index.html").toURI()).getParent();
        List<String> packaged;
        try (Stream<Path> files = Files.walk(root)) {
            packaged = files.filter(f -> f.toString().endsWith(".js"))
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .toList();
        }

        assertThat(packaged).containsExactlyInAnyOrderElementsOf(SCRIPTS);
    }

    @Test
    void localReferences_inIndexHtml_allResolve() {
        List<String> refs = matches(Pattern.compile("(?:src|href)=\"([^\"]+)\""), read("index.html"));

        assertThat(refs).filteredOn(ref -> !ref.startsWith("#")).isNotEmpty().allSatisfy(ref -> {
            assertThat(URI.create(ref).isAbsolute()).as("absolute URL %s", ref).isFalse();
            assertThat(ref).doesNotStartWith("//");
            assertThat(resource(ref)).as("resource %s", ref).isNotNull();
        });
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void imports_inEveryModule_resolveToPackagedFiles(String script) {
        String code = read(script);
        List<String> imports = new ArrayList<>(matches(Pattern.compile("from\\s+'([^']+)'"), code));
        imports.addAll(matches(Pattern.compile("import\\('([^']+)'\\)"), code));

        assertThat(imports).allSatisfy(path -> {
            assertThat(path).matches("\\.\\.?/.*");
            String resolved = URI.create("x:/" + script).resolve(path).getPath().substring(1);
            assertThat(resource(resolved)).as("import %s in %s", path, script).isNotNull();
        });
    }

    @Test
    void router_pageModules_existAndExportRender() {
        List<String> pages = matches(Pattern.compile("import\\('\\./(pages/[a-z-]+\\.js)'\\)"), read("router.js"));

        assertThat(pages).contains("pages/login.js", "pages/members.js", "pages/member.js", "pages/trainings.js",
                "pages/training.js", "pages/machines.js", "pages/audit.js", "pages/me.js", "pages/prices.js",
                "pages/consumables.js", "pages/ledger.js", "pages/periods.js", "pages/statements.js",
                "pages/statement.js", "pages/exports.js");
        assertThat(pages).allSatisfy(page -> {
            assertThat(resource(page)).as("page module %s", page).isNotNull();
            assertThat(read(page)).as(page).contains("export async function render(view");
        });
    }

    @Test
    void navLinks_inIndexHtml_nameRouterRoutes() {
        List<String> routes = matches(Pattern.compile("name: '([a-z-]+)', pattern:"), read("router.js"));
        List<String> links = matches(Pattern.compile("data-nav=\"([a-z-]+)\""), read("index.html"));

        assertThat(links).containsExactlyInAnyOrder("board", "members", "trainings", "machines", "machine-registry",
                "nodes", "partners", "audit", "security", "prices",
                "consumables", "ledger", "periods", "statements", "exports", "impact", "me", "login", "accounts");
        assertThat(routes).containsAll(links);
    }

    @Test
    void capabilities_thePagesAskFor_areExactlyThoseInNeeds() {
        Set<String> declared = new TreeSet<>(matches(Pattern.compile("(?m)^  '([a-z:-]+)': need\\("), read("needs.js")));
        Set<String> asked = new TreeSet<>();
        for (String script : SCRIPTS) {
            asked.addAll(matches(Pattern.compile("\\bcan\\('([a-z:-]+)'\\)"), read(script)));
            asked.addAll(matches(Pattern.compile("\\bneeds: '([a-z:-]+)'"), read(script)));
        }
        asked.remove("signed-in");

        assertThat(declared).isNotEmpty();
        assertThat(asked).isEqualTo(declared);
    }

    @Test
    void testIds_inTheReadme_areExactlyThoseInTheCode() throws IOException {
        Set<String> documented = new TreeSet<>(matches(Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|"),
                section(Files.readString(README), "### Test ids")));
        Set<String> inCode = new TreeSet<>(matches(Pattern.compile("data-testid=\"([a-z0-9-]+)\""), read("index.html")));
        for (String script : SCRIPTS) {
            inCode.addAll(matches(Pattern.compile("testid: '([a-z0-9-]+)'"), read(script)));
        }

        assertThat(documented).contains("login-form", "nav-members", "member-search", "member-create-form",
                "member-row", "badge-enroll-uid", "enroll-node-select", "enroll-node-submit",
                "certification-grant-training", "certification-grant-submit", "certification-revoke",
                "availability-form", "audit-row");
        assertThat(inCode).containsExactlyElementsOf(documented);
    }

    /** dom.js forwards the ids it is given; everywhere else an id is a literal the README lists. */
    @ParameterizedTest
    @MethodSource("scriptsUsingDomHelpers")
    void script_givesTestIdsOnlyAsLiterals(String script) {
        assertThat(read(script)).doesNotContainPattern("testid: [^'\\s]").doesNotContain("dataset.testid");
    }

    /** The SVG namespace is a name that createElementNS needs, never fetched: the one address allowed. */
    @ParameterizedTest
    @MethodSource("scripts")
    void script_neverParsesHtmlNorLoadsFromElsewhere(String script) {
        String code = read(script);

        assertThat(code)
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")
                .doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg')");
    }

    /** The gateway's Content-Security-Policy allows no inline script, style or handler: they would not run. */
    @Test
    void indexHtml_hasNoInlineScriptStyleOrHandler() {
        String html = read("index.html");

        assertThat(matches(Pattern.compile("<script\\b([^>]*)>"), html)).isNotEmpty()
                .allSatisfy(attributes -> assertThat(attributes).contains("src="));
        assertThat(html).doesNotContainPattern("(?i)<style\\b")
                .doesNotContainPattern("(?i)\\sstyle=")
                .doesNotContainPattern("(?i)\\son[a-z]+=")
                .doesNotContainPattern("(?i)javascript:");
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void script_neverSetsInlineHandlersOrStyleAttributes(String script) {
        assertThat(read(script)).doesNotContainPattern("setAttribute\\(\\s*'(on[a-z]+|style)'")
                .doesNotContain("javascript:");
    }

    @Test
    void stylesheet_loadsNothingFromElsewhere() {
        assertThat(read("style.css")).doesNotContain("@import").doesNotContainPattern("url\\(");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr"})
    void catalogue_hasExactlyTheEnglishKeys(String lang) {
        assertThat(keys(lang)).containsExactlyElementsOf(keys("en"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "fr"})
    void catalogue_hasNoEmptyText(String lang) {
        JsonNode catalogue = catalogue(lang);
        catalogue.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                assertThat(value.has("other")).as("plural %s needs an 'other' form", entry.getKey()).isTrue();
                value.forEach(form -> assertThat(form.asText()).as(entry.getKey()).isNotBlank());
            } else {
                assertThat(value.isTextual() && !value.asText().isBlank()).as(entry.getKey()).isTrue();
            }
        });
    }

    @ParameterizedTest
    @CsvSource({
        "role, maker trainer fabmanager treasurer admin",
        "availability, available blocked out-of-service to-check",
        "availabilityAction, available blocked out-of-service to-check",
        "badgeStatus, active lost revoked",
        "badgeType, mifare-uid em4100 keyboard",
        "certStatus, valid expired revoked",
        "category, safety competency optional",
        "validityKind, forever fixed-duration until-date lapses-after-disuse",
        "nodeMode, normal enroll train",
        "auditAction, member.created member.updated member.deactivated badge.enrolled badge.status-changed"
                + " certification.granted certification.revoked training.created training.updated trainer.added"
                + " trainer.removed machine.availability-changed node.mode-changed account.created"
                + " account.password-changed login.failed token.created machine.created machine.updated machine.retired"
                + " node.created node.updated node.activated node.key-rotated node.retired",
        "nodeState, pending active retired",
        "policy, fail-closed cached",
        "visitors, all none",
        "visitDirection, hosted abroad",
        "visitTreatment, charged included absorbed",
        "ledgerKind, charge credit payment correction",
        "unit, g sheet unit",
        "day, monday tuesday wednesday thursday friday saturday sunday",
        "layout, standard french",
        "mayNot, unknown-badge badge-lost badge-revoked member-inactive membership-expired training-missing"
                + " training-expired machine-blocked machine-out-of-service machine-to-check outside-opening-hours"
                + " trainer-absent insufficient-balance",
    })
    void catalogue_namesEveryValueOfTheRestContract(String family, String values) {
        for (String lang : LANGUAGES) {
            Set<String> keys = keys(lang);
            for (String value : values.split(" ")) {
                assertThat(keys).as(lang).contains(family + "." + value);
            }
        }
    }

    @Test
    void dataI18nKeys_inIndexHtml_existInEveryCatalogue() {
        List<String> used = matches(Pattern.compile("data-i18n(?:-[a-z-]+)?=\"([^\"]+)\""), read("index.html"));

        assertThat(used).contains("board.title");
        for (String lang : LANGUAGES) {
            assertThat(keys(lang)).as(lang).containsAll(used);
        }
    }

    @Test
    void keyLiterals_inScripts_existInEveryCatalogue() {
        Set<String> prefixes = new TreeSet<>();
        keys("en").forEach(key -> prefixes.add(key.substring(0, key.indexOf('.'))));
        Pattern literal = Pattern.compile("'([a-zA-Z]+)\\.([A-Za-z0-9.-]+)'");
        List<String> used = new ArrayList<>();
        for (String script : SCRIPTS) {
            Matcher m = literal.matcher(read(script));
            while (m.find()) {
                if (prefixes.contains(m.group(1)) && !m.group(2).endsWith("js")) {
                    used.add(m.group(1) + "." + m.group(2));
                }
            }
        }

        assertThat(used).contains("live.on", "acl.updated", "recent.inProgress", "login.title", "members.title");
        for (String lang : LANGUAGES) {
            assertThat(keys(lang)).as(lang).containsAll(used);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "fr"})
    void catalogue_namesEveryMachineStateAndEndReason(String lang) {
        Set<String> keys = keys(lang);

        for (MachineState state : MachineState.values()) {
            assertThat(keys).contains("state." + state.wire());
        }
        for (EndReason reason : EndReason.values()) {
            assertThat(keys).contains("endReason." + reason.wire());
        }
        assertThat(keys).contains("kind.laser-cutter", "kind.3d-printer", "kind.cnc", "kind.other");
    }

    static Stream<String> scripts() {
        return SCRIPTS.stream();
    }

    static Stream<String> scriptsUsingDomHelpers() {
        return SCRIPTS.stream().filter(script -> !script.equals("dom.js"));
    }

    private static Set<String> keys(String lang) {
        Set<String> keys = new LinkedHashSet<>();
        catalogue(lang).fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static JsonNode catalogue(String lang) {
        try {
            return JSON.readTree(read("i18n/" + lang + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text from a heading line to the next heading of the same or a higher level. */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading);
        assertThat(start).as("section %s", heading).isNotNegative();
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        Matcher next = Pattern.compile("\n#{1," + (level.length() - 1) + "} ").matcher(markdown);
        int end = next.find(start + heading.length()) ? next.start() : markdown.length();
        return markdown.substring(start, end);
    }

    private static java.net.URL resource(String path) {
        return DashboardResourcesTest.class.getClassLoader().getResource(ROOT + path);
    }

    private static String read(String path) {
        try (InputStream in = DashboardResourcesTest.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            assertThat(in).as("resource %s", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}

package org.fablab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
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
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the packaged dashboard without a browser: every file is in the jar, every
 * reference resolves, every translation key exists in every language, and no script
 * parses HTML or loads anything from another origin. Browser behaviour is tested by the
 * gateway's browser tests against the DOM contract in the module README.
 */
class DashboardResourcesTest {

    private static final String ROOT = "fablab-dashboard/";
    private static final List<String> LANGUAGES = List.of("en", "fr");
    private static final List<String> SCRIPTS =
            List.of("app.js", "api.js", "board.js", "clock.js", "format.js", "i18n.js");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"index.html", "style.css", "favicon.svg", "app.js", "api.js", "board.js",
            "clock.js", "format.js", "i18n.js", "i18n/en.json", "i18n/fr.json"})
    void packagedFile_isOnTheClasspath(String file) {
        assertThat(DashboardResourcesTest.class.getClassLoader().getResource(ROOT + file)).isNotNull();
    }

    @Test
    void localReferences_inIndexHtml_allResolve() {
        List<String> refs = matches(Pattern.compile("(?:src|href)=\"([^\"]+)\""), read("index.html"));

        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(URI.create(ref).isAbsolute()).as("absolute URL %s", ref).isFalse();
            assertThat(ref).doesNotStartWith("//");
            assertThat(resource(ref)).as("resource %s", ref).isNotNull();
        });
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void imports_inEveryModule_resolveToPackagedFiles(String script) {
        List<String> imports = matches(Pattern.compile("from\\s+'([^']+)'"), read(script));

        assertThat(imports).allSatisfy(path -> {
            assertThat(path).startsWith("./");
            assertThat(resource(path.substring(2))).as("import %s in %s", path, script).isNotNull();
        });
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void script_neverParsesHtmlNorLoadsFromElsewhere(String script) {
        String code = read(script);

        assertThat(code)
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")
                .doesNotContainPattern("https?://");
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

        assertThat(used).contains("live.on", "acl.updated", "recent.inProgress");
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

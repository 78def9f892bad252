package org.fablab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditActionSentencesTest {
    private static final Set<String> EVERY_ENTRY = Set.of("actor", "member", "machine", "subject", "reason",
            "amount");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    @ParameterizedTest
    @ValueSource(strings = {"en", "fr"})
    void everyAction_hasASentence_namingOnlyItsParameters(String lang) throws IOException {
        JsonNode catalogue = catalogue(lang);
        for (AuditAction action : AuditAction.values()) {
            JsonNode sentence = catalogue.get("audit.action." + action.code());
            assertThat(sentence).as("%s has no sentence audit.action.%s", lang, action.code()).isNotNull();
            Matcher m = PLACEHOLDER.matcher(sentence.asText());
            Set<String> allowed = new HashSet<>(EVERY_ENTRY);
            allowed.addAll(action.params());
            while (m.find()) {
                assertThat(allowed).as("%s audit.action.%s names {%s}", lang, action.code(), m.group(1))
                        .contains(m.group(1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "fr"})
    void everyAction_hasAShortNameForTheActionFilter(String lang) throws IOException {
        JsonNode catalogue = catalogue(lang);
        for (AuditAction action : AuditAction.values()) {
            assertThat(catalogue.get("auditAction." + action.code())).as("%s has no auditAction.%s", lang,
                    action.code()).isNotNull();
        }
    }

    @Test
    void theDashboardsActionFilter_offersExactlyTheActionsWritten() throws IOException {
        String page;
        try (InputStream in = AuditActionSentencesTest.class.getResourceAsStream(
                "/fablab-dashboard/pages/audit.js")) {
            assertThat(in).as("pages/audit.js on the class path").isNotNull();
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher list = Pattern.compile("const ACTIONS = Object\\.freeze\\(\\[([^\\]]*)]").matcher(page);
        assertThat(list.find()).as("ACTIONS in pages/audit.js").isTrue();
        List<String> offered = Pattern.compile("'auditAction\\.([^']+)'").matcher(list.group(1)).results()
                .map(m -> m.group(1)).toList();

        assertThat(offered).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(AuditAction.values()).map(AuditAction::code).toList());
    }

    @Test
    void aParameterTheActionDoesNotDeclare_isRefused() {
        AuditEntry entry = AuditEntry.of(Instant.EPOCH, "admin", AuditAction.MACHINE_CREATED, "machine", "laser");
        assertThat(entry.with("name", "Laser").with("kind", null).params()).containsOnlyKeys("name");
        assertThatThrownBy(() -> entry.with("price", "12")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("machine.created has no parameter price");
    }

    private static JsonNode catalogue(String lang) throws IOException {
        try (InputStream in = AuditActionSentencesTest.class.getResourceAsStream(
                "/fablab-dashboard/i18n/" + lang + ".json")) {
            assertThat(in).as("catalogue %s on the class path", lang).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }
}

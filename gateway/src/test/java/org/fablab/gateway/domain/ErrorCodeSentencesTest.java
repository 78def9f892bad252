package org.fablab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodeSentencesTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    @Test
    void everyCode_hasAnEnglishAndAFrenchSentence_namingExactlyItsParameters() throws IOException {
        JsonNode en = catalogue("en");
        JsonNode fr = catalogue("fr");
        for (ErrorCode code : ErrorCode.values()) {
            String key = "problem." + code.wire();
            assertThat(en.get(key)).as("en has no %s", key).isNotNull();
            assertThat(fr.get(key)).as("fr has no %s", key).isNotNull();
            Set<String> params = Set.copyOf(code.params());
            assertThat(placeholders(en.get(key).asText())).as("en %s", key).isEqualTo(params);
            assertThat(placeholders(fr.get(key).asText())).as("fr %s", key).isEqualTo(params);
            assertThat(fr.get(key).asText()).as("fr %s is translated", key).isNotEqualTo(en.get(key).asText());
        }
    }

    @Test
    void theOpenApiProblem_listsExactlyTheCodes() throws IOException {
        JsonNode api;
        try (InputStream in = ErrorCodeSentencesTest.class.getResourceAsStream("/api/openapi.json")) {
            api = new ObjectMapper().readTree(in);
        }
        JsonNode listed = api.at("/components/schemas/Problem/properties/code/enum");
        List<String> codes = new ArrayList<>();
        listed.forEach(code -> codes.add(code.asText()));

        assertThat(codes).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).toList());
    }

    @Test
    void wireNames_areUniqueLowerCaseWordsWithDotsAndDashes() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire))
                .doesNotHaveDuplicates()
                .allMatch(wire -> wire.matches("[a-z]+(-[a-z]+)*(\\.[a-z]+(-[a-z]+)*)+"));
        assertThat(ErrorCode.fromWire("coupon.expired")).contains(ErrorCode.COUPON_EXPIRED);
    }

    @Test
    void aMessage_rendersItsEnglishSentence_andRefusesAMissingValue() {
        CodedMessage expired = ErrorCode.COUPON_EXPIRED.with("WELCOME", LocalDate.of(2026, 11, 30));
        assertThat(expired.params()).containsEntry("coupon", "WELCOME").containsEntry("date", "2026-11-30");
        assertThat(expired.english()).isEqualTo("coupon WELCOME expired on 2026-11-30");
        assertThat(ErrorCode.FIELD_OUT_OF_RANGE.with("limit", 1, 1000).params()).containsEntry("max", 1000);
        assertThatThrownBy(() -> ErrorCode.COUPON_EXPIRED.with("WELCOME")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coupon.expired takes [coupon, date]");
    }

    @Test
    void aBadArgument_fillsTheFieldParameterWithTheFieldItNames() {
        BadArgument bad = new BadArgument("limit", ErrorCode.FIELD_OUT_OF_RANGE, 1, 1000);
        assertThat(bad.field()).isEqualTo("limit");
        assertThat(bad.reason().params()).containsEntry("field", "limit").containsEntry("min", 1);
        assertThat(bad).hasMessage("limit must be a whole number from 1 to 1000");
    }

    private static Set<String> placeholders(String sentence) {
        return PLACEHOLDER.matcher(sentence).results().map(m -> m.group(1)).collect(Collectors.toSet());
    }

    private static JsonNode catalogue(String lang) throws IOException {
        try (InputStream in = ErrorCodeSentencesTest.class.getResourceAsStream(
                "/fablab-dashboard/i18n/" + lang + ".json")) {
            assertThat(in).as("catalogue %s on the class path", lang).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }
}

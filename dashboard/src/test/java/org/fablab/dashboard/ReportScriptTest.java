package org.fablab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged {@code report.js} in GraalJS: the impact page's periods as local dates, its reading of the report's
 * suppressed counts (a {@code "<5"} stays "&lt; 5", never a number) and its lists lined up over the three periods.
 */
class ReportScriptTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DashboardScript script;
    private static Value report;

    @BeforeAll
    static void load() {
        script = DashboardScript.load("report.js", "report");
        report = script.module();
    }

    @AfterAll
    static void close() {
        script.close();
    }

    @ParameterizedTest
    @CsvSource({
        "2026-12-03, 2025-12-01, 2026-11-30",
        "2026-01-31, 2025-01-01, 2025-12-31",
        "2024-03-01, 2023-03-01, 2024-02-29",
    })
    void lastTwelveMonths_areTheWholeMonthsBeforeTodaysMonth(String today, String from, String to) throws IOException {
        assertThat(period("report.lastTwelveMonths('" + today + "')")).isEqualTo(from + " " + to);
    }

    @Test
    void monthQuarterAndYear_coverTheirWholeCalendarSpan() throws IOException {
        assertThat(period("report.monthPeriod('2024-02')")).isEqualTo("2024-02-01 2024-02-29");
        assertThat(period("report.monthPeriod('2026-12')")).isEqualTo("2026-12-01 2026-12-31");
        assertThat(period("report.quarterPeriod(2026, 1)")).isEqualTo("2026-01-01 2026-03-31");
        assertThat(period("report.quarterPeriod('2026', '4')")).isEqualTo("2026-10-01 2026-12-31");
        assertThat(period("report.yearPeriod('2025')")).isEqualTo("2025-01-01 2025-12-31");
    }

    @ParameterizedTest
    @CsvSource({
        "2025-12-01, 2026-11-30, last12",
        "2026-03-01, 2026-03-31, month",
        "2026-04-01, 2026-06-30, quarter",
        "2025-01-01, 2025-12-31, year",
        "2026-03-02, 2026-03-31, custom",
        "2026-01-01, 2026-02-28, custom",
        "2026-12-03, 2026-12-x, custom",
    })
    void describePeriod_namesWhatThePickerShows(String from, String to, String kind) {
        Value shown = report.invokeMember("describePeriod", script.eval("({from: '" + from + "', to: '" + to + "'})"),
                "2026-12-03");

        assertThat(shown.getMember("kind").asString()).isEqualTo(kind);
        assertThat(shown.getMember("month").asString()).isEqualTo(from.substring(0, 7));
        assertThat(shown.getMember("year").asInt()).isEqualTo(Integer.parseInt(from.substring(0, 4)));
    }

    @Test
    void describePeriod_showsTodaysMonthAsCustom_whenTheFirstDateIsNotOne() {
        Value shown = report.invokeMember("describePeriod", script.eval("({from: '2026-13-01', to: ''})"), "2026-12-03");

        assertThat(shown.getMember("kind").asString()).isEqualTo("custom");
        assertThat(shown.getMember("month").asString()).isEqualTo("2026-12");
        assertThat(shown.getMember("quarter").asInt()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-01-01, 2026-01-01, ''",
        "2026-02-30, 2026-03-01, impact.error.dates",
        "2026-1-1, 2026-03-01, impact.error.dates",
        "'', 2026-03-01, impact.error.dates",
        "2026-03-02, 2026-03-01, impact.error.order",
    })
    void periodProblem_refusesWhatIsNotTwoOrderedDates(String from, String to, String problem) {
        Value found = report.invokeMember("periodProblem", script.eval("({from: '" + from + "', to: '" + to + "'})"));

        assertThat(found.isNull() ? "" : found.asString()).isEqualTo(problem);
    }

    @ParameterizedTest
    @CsvSource({"1234, en, '1,234'", "1234, fr, 1 234", "0, en, 0", "'\"<5\"', en, < 5", "'\"<5\"', fr, < 5",
        "'\"<10\"', en, < 10", "'\"5\"', en, ''", "null, en, ''", "'\"<x\"', fr, ''"})
    void countText_writesExactCountsAsNumbersAndSuppressedOnesAsBelow(String count, String lang, String text) {
        String written = script.eval("report.countText(" + count + ", '" + lang + "')").asString();

        assertThat(written.replaceAll("[\\s\\u00a0\\u202f]", " ")).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'<5'", "'<2'"})
    void readCount_givesASuppressedCountNoValue(String count) {
        Value read = script.eval("report.readCount(" + count + ")");

        assertThat(read.getMember("suppressed").asBoolean()).isTrue();
        assertThat(read.getMember("exact").asBoolean()).isFalse();
        assertThat(read.getMember("value").isNull()).isTrue();
    }

    @Test
    void hours_haveOneDecimal() {
        assertThat(report.invokeMember("hours", 5400).asDouble()).isEqualTo(1.5);
        assertThat(report.invokeMember("hoursText", 5400, "fr").asString()).isEqualTo("1,5");
        assertThat(report.invokeMember("hoursText", 0, "en").asString()).isEqualTo("0.0");
    }

    @Test
    void lineUp_keepsTheCurrentOrderThenAddsNamesOnlyEarlierPartsHave() throws IOException {
        JsonNode rows = JSON.readTree(script.json("report.lineUp(["
                + "{list: [{name: 'laser', h: 1}, {name: 'printer', h: 2}]},"
                + "{list: [{name: 'printer', h: 3}, {name: 'cnc', h: 4}]},"
                + "{list: []}], (p) => p.list, (i) => i.name)"));

        assertThat(rows).hasSize(3);
        assertThat(rows).extracting(row -> row.get("name").asText()).containsExactly("laser", "printer", "cnc");
        assertThat(rows.get(0).get("items").toString()).isEqualTo("[{\"name\":\"laser\",\"h\":1},null,null]");
        assertThat(rows.get(1).get("items").get(1).get("h").asInt()).isEqualTo(3);
        assertThat(rows.get(2).get("items").get(0).isNull()).isTrue();
    }

    @Test
    void monthsBeside_pairsEachMonthWithTheSamePositionAYearEarlier() throws IOException {
        JsonNode months = JSON.readTree(script.json("report.monthsBeside({"
                + "current: {figures: {months: [{month: '2026-01', sessions: 12}, {month: '2026-02', sessions: '<5'}]}},"
                + "yearEarlier: {figures: {months: [{month: '2025-01', sessions: 7}]}}})"));

        assertThat(months).hasSize(2);
        assertThat(months.get(0).get("month").asText()).isEqualTo("2026-01");
        assertThat(months.get(0).get("earlier").get("sessions").asInt()).isEqualTo(7);
        assertThat(months.get(1).get("current").get("sessions").asText()).isEqualTo("<5");
        assertThat(months.get(1).get("earlier").isNull()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{current: {figures: {network: {visitsHosted: 0, visitsAbroad: 0}}}} | false",
        "{current: {figures: {network: {visitsHosted: 0, visitsAbroad: 0}}}, "
            + "yearEarlier: {figures: {network: {visitsHosted: 0, visitsAbroad: 12}}}} | true",
        "{previous: {figures: {network: {visitsHosted: \"<5\", visitsAbroad: 0}}}} | true",
        "{current: {figures: {}}} | false",
    })
    void hasNetworkVisits_whenAnyPartHadAVisitEitherWay_aSuppressedCountIncluded(String parts, boolean shown) {
        assertThat(script.eval("report.hasNetworkVisits(" + parts + ")").asBoolean()).isEqualTo(shown);
    }

    private static String period(String expression) throws IOException {
        JsonNode period = JSON.readTree(script.json(expression));
        return period.get("from").asText() + " " + period.get("to").asText();
    }
}

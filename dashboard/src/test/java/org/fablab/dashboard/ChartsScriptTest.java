package org.fablab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code charts.js} in GraalJS: the SVG trees it builds for fixed data have the bars, points and cells
 * the data asks for, where it puts them, each chart is labelled by its title and description, and a suppressed count
 * ({@code "<5"}) is a hatched mark labelled "&lt; 5": never a value, a size of its own or a number in any text.
 */
class ChartsScriptTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOURS = "format: (n) => n + ' h'";
    private static DashboardScript script;

    @BeforeAll
    static void load() {
        script = DashboardScript.load("charts.js", "charts");
    }

    @AfterAll
    static void close() {
        script.close();
    }

    @Test
    void barChart_drawsOneBarPerItem_asLongAsItsValue() throws IOException {
        JsonNode svg = chart("charts.barChart({id: 'm', title: 'Hours per machine', desc: 'Hours of use',"
                + " bars: [{label: 'Laser', value: 12}, {label: 'Printer', value: 6}, {label: 'CNC', value: 0}], "
                + HOURS + "})");

        List<JsonNode> rows = find(svg, n -> hasClass(n, "bar-row"));
        assertThat(rows).extracting(n -> n.get("attrs").get("data-label").asText())
                .containsExactly("Laser", "Printer", "CNC");
        assertThat(rows).extracting(n -> n.get("attrs").get("data-value").asInt()).containsExactly(12, 6, 0);
        List<JsonNode> bars = find(svg, n -> hasClass(n, "bar"));
        // the scale tops at 20 (the round value above 12) over 370 units
        assertThat(bars).extracting(n -> n.get("attrs").get("width").asDouble()).containsExactly(222.0, 111.0, 0.0);
        assertThat(texts(rows.get(0))).contains("Laser", "12 h", "Laser: 12 h");
    }

    @Test
    void barChart_drawsASuppressedCountHatched_andNeverAsANumber() throws IOException {
        JsonNode svg = chart("charts.barChart({id: 'g', title: 'Members per group', desc: 'Active members',"
                + " bars: [{label: 'Students', value: 40}, {label: 'Seniors', value: '<5'}], format: (n) => String(n)})");

        JsonNode suppressed = find(svg, n -> "Seniors".equals(n.path("attrs").path("data-label").asText())).get(0);
        assertThat(suppressed.get("attrs").get("data-suppressed").asText()).isEqualTo("true");
        assertThat(find(suppressed, n -> n.path("attrs").has("data-value"))).isEmpty();
        assertThat(find(suppressed, n -> hasClass(n, "bar"))).isEmpty();
        JsonNode mark = find(suppressed, n -> hasClass(n, "suppressed-mark")).get(0);
        assertThat(mark.get("attrs").get("fill").asText()).isEqualTo("url(#g-hatch)");
        // as wide as the threshold, 5 on a scale topping at 50: the same whatever the hidden count is
        assertThat(mark.get("attrs").get("width").asDouble()).isEqualTo(37.0);
        assertThat(texts(suppressed)).containsExactlyInAnyOrder("Seniors", "< 5", "Seniors: < 5");
        assertThat(find(svg, n -> "pattern".equals(n.path("tag").asText())))
                .extracting(n -> n.get("attrs").get("id").asText()).containsExactly("g-hatch");
    }

    @Test
    void lineChart_drawsAPointPerExactValue_andBreaksTheLineAtASuppressedOne() throws IOException {
        JsonNode svg = chart("charts.lineChart({id: 's', title: 'Sessions', desc: 'Per month',"
                + " labels: ['Jan', 'Feb', 'Mar', 'Apr'],"
                + " series: [{key: 'current', name: 'This period', values: [10, 12, '<5', 20]},"
                + " {key: 'earlier', name: 'A year earlier', values: [5, 6, 7, 8]}], format: (n) => String(n)})");

        JsonNode current = find(svg, n -> "current".equals(n.path("attrs").path("data-series").asText())).get(0);
        assertThat(find(current, n -> "circle".equals(n.path("tag").asText())))
                .extracting(n -> n.get("attrs").get("data-value").asInt()).containsExactly(10, 12, 20);
        assertThat(find(current, n -> hasClass(n, "line"))).singleElement()
                .satisfies(line -> assertThat(line.get("attrs").get("points").asText().split(" ")).hasSize(2));
        JsonNode suppressed = find(current, n -> hasClass(n, "suppressed")).get(0);
        assertThat(texts(suppressed)).containsExactlyInAnyOrder("< 5", "Mar, This period: < 5");
        assertThat(find(suppressed, n -> n.path("attrs").has("data-value"))).isEmpty();

        JsonNode earlier = find(svg, n -> "earlier".equals(n.path("attrs").path("data-series").asText())).get(0);
        assertThat(find(earlier, n -> "circle".equals(n.path("tag").asText()))).hasSize(4);
        assertThat(find(earlier, n -> hasClass(n, "line"))).singleElement()
                .satisfies(line -> assertThat(line.get("attrs").get("points").asText().split(" ")).hasSize(4));
        assertThat(texts(svg)).contains("Jan", "Apr", "This period", "A year earlier").doesNotContain("<5");
        assertThat(texts(find(svg, n -> hasClass(n, "axis-y")).get(0))).containsExactly("0", "5", "10", "15", "20");
    }

    @Test
    void lineChart_ofSmallCounts_hasAGridOfWholeNumbers() throws IOException {
        JsonNode svg = chart("charts.lineChart({id: 'n', title: 'Sessions', desc: 'Per month', labels: ['Jan', 'Feb'],"
                + " series: [{key: 'current', name: 'This period', values: [3, '<5']}], format: (n) => String(n)})");

        assertThat(texts(find(svg, n -> hasClass(n, "axis-y")).get(0))).containsExactly("0", "1", "2", "3", "4", "5");
    }

    @Test
    void heatmap_hasACellPerWeekdayAndHour_shadedByItsShareOfTheBusiest() throws IOException {
        JsonNode svg = chart("charts.heatmap({id: 'o', title: 'Use', desc: 'Per weekday and hour',"
                + " days: ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'],"
                + " dayNames: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],"
                + " cells: [{day: 'MONDAY', hour: 9, seconds: 3600}, {day: 'SUNDAY', hour: 23, seconds: 900},"
                + " {day: 'WEDNESDAY', hour: 14, seconds: 1800}],"
                + " format: (s) => (s / 3600) + ' h', legend: 'Hours of use'})");

        List<JsonNode> cells = find(svg, n -> n.path("attrs").has("data-day"));
        assertThat(cells).hasSize(7 * 24);
        assertThat(cells).filteredOn(n -> !hasClass(n, "heat-0")).extracting(ChartsScriptTest::cell)
                .containsExactlyInAnyOrder("MONDAY 9 3600 heat-4", "WEDNESDAY 14 1800 heat-2", "SUNDAY 23 900 heat-1");
        assertThat(texts(svg)).contains("Monday 09:00–10:00: 1 h", "Sunday 23:00–24:00: 0.25 h",
                "Tuesday 00:00–01:00: 0 h", "Mo", "Su", "Hours of use", "≤ 0.25 h", "≤ 1 h");
        assertThat(find(svg, n -> n.path("attrs").has("data-level"))).hasSize(5);
    }

    @Test
    void everyChart_isAnImageLabelledByItsTitleAndDescription() throws IOException {
        JsonNode svg = chart("charts.barChart({id: 'r', title: 'Revenue', desc: 'By category',"
                + " bars: [{label: '<script>', value: 1}], format: String})");

        assertThat(svg.get("tag").asText()).isEqualTo("svg");
        assertThat(svg.get("attrs").get("role").asText()).isEqualTo("img");
        assertThat(svg.get("attrs").get("aria-labelledby").asText()).isEqualTo("r-title r-desc");
        assertThat(svg.get("children").get(0).toString())
                .isEqualTo("{\"tag\":\"title\",\"attrs\":{\"id\":\"r-title\"},\"children\":[\"Revenue\"]}");
        assertThat(svg.get("children").get(1).toString())
                .isEqualTo("{\"tag\":\"desc\",\"attrs\":{\"id\":\"r-desc\"},\"children\":[\"By category\"]}");
        assertThat(texts(svg)).contains("<script>");
    }

    private static JsonNode chart(String expression) throws IOException {
        return JSON.readTree(script.json(expression));
    }

    private static String cell(JsonNode node) {
        JsonNode attrs = node.get("attrs");
        return attrs.get("data-day").asText() + " " + attrs.get("data-hour").asText() + " "
                + attrs.get("data-seconds").asText() + " " + attrs.get("class").asText().replace("heat ", "");
    }

    private static boolean hasClass(JsonNode node, String name) {
        return List.of(node.path("attrs").path("class").asText().split(" ")).contains(name);
    }

    /** The node and every node under it that matches, in document order. */
    private static List<JsonNode> find(JsonNode node, Predicate<JsonNode> test) {
        List<JsonNode> found = new ArrayList<>();
        if (node.isObject()) {
            if (test.test(node)) {
                found.add(node);
            }
            node.path("children").forEach(child -> found.addAll(find(child, test)));
        }
        return found;
    }

    /** Every text under a node. */
    private static List<String> texts(JsonNode node) {
        List<String> found = new ArrayList<>();
        if (node.isTextual()) {
            found.add(node.asText());
        }
        node.path("children").forEach(child -> found.addAll(texts(child)));
        return found;
    }
}

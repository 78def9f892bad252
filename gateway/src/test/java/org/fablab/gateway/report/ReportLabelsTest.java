package org.fablab.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fablab.gateway.access.DenyReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportLabelsTest {
    private static final ReportLabels EN = ReportLabels.of(Locale.ENGLISH);
    private static final ReportLabels FR = ReportLabels.of(Locale.FRENCH);

    @Test
    void bothBundles_holdTheSameKeys() {
        assertThat(FR.keys()).isEqualTo(EN.keys());
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "fr"})
    void everyFigureOfImpactFigures_hasALabel(String language) {
        ReportLabels labels = ReportLabels.of(Locale.forLanguageTag(language));
        List<String> keys = figureKeys();
        assertThat(keys).contains("figure.people.activeMembers", "figure.machines.perMachine.wallSeconds",
                "figure.months.members", "figure.materials.consumables");
        assertThat(labels.keys()).containsAll(keys);
    }

    @Test
    void everyFigureLabel_belongsToAFigure() {
        assertThat(EN.keys().stream().filter(k -> k.startsWith("figure."))).containsExactlyInAnyOrderElementsOf(
                figureKeys());
    }

    @Test
    void everySection_weekdayAndGatewayRefusalReason_hasALabel() {
        for (String section : List.of("people", "machines", "skills", "materials", "money", "network", "months")) {
            assertThat(EN.keys()).contains("section." + section);
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            assertThat(EN.keys()).contains("weekday." + day.name());
        }
        for (DenyReason reason : DenyReason.values()) {
            assertThat(EN.keys()).contains("refusal." + reason.wire());
        }
        assertThat(EN.keys()).contains("refusal.no-acl", "refusal.acl-stale", "refusal.interlock-open",
                "refusal.session-limit", "refusal.machine-fault", "column.current", "column.previous",
                "column.yearEarlier");
    }

    @Test
    void frenchWords_areReadAsUtf8() {
        assertThat(FR.text("section.skills")).isEqualTo("Compétences");
        assertThat(FR.text("figure.materials.energyWh")).isEqualTo("Énergie mesurée");
    }

    @Test
    void placeholders_areFilledInTheLocale() {
        assertThat(EN.text("note.threshold", 5)).isEqualTo(
                "Counts under 5 are shown as < 5, so that no small group of people can be singled out.");
        assertThat(FR.text("note.regular", 4)).startsWith("Les membres réguliers ont utilisé une machine au moins 4 ");
        assertThat(FR.text("note.threshold", 5)).contains("pour qu’aucun");
    }

    @Test
    void anUnknownKey_isRefused_butAnUnknownNodeReasonIsShownAsSent() {
        assertThatThrownBy(() -> EN.text("figure.nothing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("figure.nothing");
        assertThat(EN.refusal("relay-stuck")).isEqualTo("relay-stuck");
        assertThat(FR.refusal("training-expired")).isEqualTo("Formation expirée");
    }

    @Test
    void anyOtherLanguage_getsEnglish() {
        assertThat(ReportLabels.of(Locale.GERMAN).text("section.money")).isEqualTo("Money");
        assertThat(ReportLabels.of(Locale.CANADA_FRENCH).text("section.money")).isEqualTo("Argent");
    }

    /**
     * {@code figure.<path>} for each number of the record tree; a list gets a key of its own, and one per number of
     * its elements unless an element holds a single number (then the list's key names it).
     */
    static List<String> figureKeys() {
        List<String> keys = new ArrayList<>();
        collect("figure", ImpactFigures.class, keys);
        return keys;
    }

    private static void collect(String prefix, Class<?> record, List<String> keys) {
        for (RecordComponent component : record.getRecordComponents()) {
            String path = prefix + "." + component.getName();
            Class<?> type = component.getType();
            if (type.isRecord()) {
                collect(path, type, keys);
            } else if (type == List.class) {
                keys.add(path);
                Class<?> element = elementOf(component.getGenericType());
                List<RecordComponent> numbers = Arrays.stream(element.getRecordComponents())
                        .filter(c -> isNumber(c.getType())).toList();
                if (numbers.size() > 1) {
                    numbers.forEach(c -> keys.add(path + "." + c.getName()));
                }
            } else if (isNumber(type)) {
                keys.add(path);
            }
        }
    }

    private static boolean isNumber(Class<?> type) {
        return Set.of(Count.class, long.class).contains(type);
    }

    private static Class<?> elementOf(Type list) {
        return (Class<?>) ((ParameterizedType) list).getActualTypeArguments()[0];
    }
}

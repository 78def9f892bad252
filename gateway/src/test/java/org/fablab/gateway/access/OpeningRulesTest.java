package org.fablab.gateway.access;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpeningRulesTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** Monday to Friday, 14:00 to 22:00. */
    private static final OpeningRules WEEKDAY_EVENINGS = new OpeningRules(
            Arrays.stream(DayOfWeek.values()).filter(d -> d.compareTo(FRIDAY) <= 0)
                    .map(d -> window(d, "14:00", "22:00")).collect(Collectors.toList()));

    private static OpeningRules.Window window(DayOfWeek day, String from, String to) {
        return new OpeningRules.Window(day, LocalTime.parse(from), LocalTime.parse(to));
    }

    private static Instant paris(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
    }

    @Test
    void emptyRules_areAlwaysOpen_andNeverChange() {
        OpeningRules always = OpeningRules.alwaysOpen();

        assertThat(always.isOpen(paris("2026-11-22T03:00"), PARIS)).isTrue();
        assertThat(always.nextBoundary(paris("2026-11-22T03:00"), PARIS)).isEmpty();
    }

    @Test
    void window_includesItsStart_andExcludesItsEnd() {
        assertThat(WEEKDAY_EVENINGS.isOpen(paris("2026-11-23T13:59:59.999"), PARIS)).isFalse();
        assertThat(WEEKDAY_EVENINGS.isOpen(paris("2026-11-23T14:00"), PARIS)).isTrue();
        assertThat(WEEKDAY_EVENINGS.isOpen(paris("2026-11-23T21:59:59.999"), PARIS)).isTrue();
        assertThat(WEEKDAY_EVENINGS.isOpen(paris("2026-11-23T22:00"), PARIS)).isFalse();
        assertThat(WEEKDAY_EVENINGS.isOpen(paris("2026-11-28T15:00"), PARIS)).as("a Saturday").isFalse();
    }

    @Test
    void nextBoundary_isTheOpeningWhenClosed_andTheClosingWhenOpen() {
        assertThat(WEEKDAY_EVENINGS.nextBoundary(paris("2026-11-23T10:00"), PARIS)).contains(paris("2026-11-23T14:00"));
        assertThat(WEEKDAY_EVENINGS.nextBoundary(paris("2026-11-23T14:00"), PARIS)).contains(paris("2026-11-23T22:00"));
        assertThat(WEEKDAY_EVENINGS.nextBoundary(paris("2026-11-27T23:00"), PARIS))
                .as("Friday night to Monday afternoon").contains(paris("2026-11-30T14:00"));
    }

    @Test
    void touchingAndOverlappingWindows_closeOnlyAtTheEndOfTheirUnion() {
        OpeningRules saturday = new OpeningRules(List.of(window(SATURDAY, "10:00", "12:00"),
                window(SATURDAY, "12:00", "15:00"), window(SATURDAY, "14:00", "18:00")));

        assertThat(saturday.isOpen(paris("2026-11-28T12:00"), PARIS)).isTrue();
        assertThat(saturday.nextBoundary(paris("2026-11-28T11:00"), PARIS)).contains(paris("2026-11-28T18:00"));
    }

    @Test
    void midnightAsEnd_meansOpenUntilTheEndOfTheDay() {
        OpeningRules lateSaturday = new OpeningRules(List.of(window(SATURDAY, "20:00", "00:00")));

        assertThat(lateSaturday.isOpen(paris("2026-11-28T23:59:59"), PARIS)).isTrue();
        assertThat(lateSaturday.isOpen(paris("2026-11-29T00:00"), PARIS)).isFalse();
        assertThat(lateSaturday.nextBoundary(paris("2026-11-28T21:00"), PARIS)).contains(paris("2026-11-29T00:00"));
    }

    @Test
    void windowsCoveringTheWholeWeek_neverChange() {
        OpeningRules allWeek = new OpeningRules(Arrays.stream(DayOfWeek.values())
                .map(d -> window(d, "00:00", "00:00")).collect(Collectors.toList()));

        assertThat(allWeek.isOpen(paris("2026-11-28T03:00"), PARIS)).isTrue();
        assertThat(allWeek.nextBoundary(paris("2026-11-28T03:00"), PARIS)).isEmpty();
    }

    @Test
    void windowEndingAtOrBeforeItsStart_isRejected() {
        assertThatThrownBy(() -> window(MONDAY, "22:00", "02:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not cross midnight");
        assertThatThrownBy(() -> window(MONDAY, "10:00", "10:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window.from");
    }

    @Test
    void springForward_windowStartingBeforeTheSkippedHour_closesAtItsLocalEndInSummerTime() {
        // 29 March 2026 in Paris: 02:00 +01:00 jumps to 03:00 +02:00.
        OpeningRules night = new OpeningRules(List.of(window(SUNDAY, "01:00", "03:30")));

        assertThat(night.isOpen(Instant.parse("2026-03-29T00:30:00Z"), PARIS)).isTrue();
        assertThat(night.nextBoundary(Instant.parse("2026-03-29T00:30:00Z"), PARIS))
                .contains(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void springForward_windowStartingInTheSkippedHour_opensWhenTheClocksJump() {
        OpeningRules night = new OpeningRules(List.of(window(SUNDAY, "02:30", "04:00")));

        assertThat(night.nextBoundary(Instant.parse("2026-03-28T23:00:00Z"), PARIS))
                .contains(Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(night.isOpen(Instant.parse("2026-03-29T01:00:00Z"), PARIS)).isTrue();
    }

    @Test
    void springForward_windowWhollyInsideTheSkippedHour_doesNotOpenThatDay() {
        OpeningRules night = new OpeningRules(List.of(window(SUNDAY, "02:00", "02:30")));

        assertThat(night.nextBoundary(Instant.parse("2026-03-28T23:00:00Z"), PARIS))
                .as("the next Sunday, 02:00 +02:00").contains(Instant.parse("2026-04-05T00:00:00Z"));
    }

    @Test
    void fallBack_windowInsideTheRepeatedHour_opensTwice() {
        // 25 October 2026 in Paris: 03:00 +02:00 falls back to 02:00 +01:00, so 02:00-02:59 happens twice.
        OpeningRules night = new OpeningRules(List.of(window(SUNDAY, "01:00", "02:30")));

        Instant opens = Instant.parse("2026-10-24T23:00:00Z");
        assertThat(night.nextBoundary(opens.minusSeconds(60), PARIS)).contains(opens);
        assertThat(night.nextBoundary(opens, PARIS)).as("02:30 +02:00").contains(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(night.nextBoundary(Instant.parse("2026-10-25T00:30:00Z"), PARIS))
                .as("clocks back to 02:00 +01:00").contains(Instant.parse("2026-10-25T01:00:00Z"));
        assertThat(night.nextBoundary(Instant.parse("2026-10-25T01:00:00Z"), PARIS))
                .as("02:30 +01:00").contains(Instant.parse("2026-10-25T01:30:00Z"));
    }
}

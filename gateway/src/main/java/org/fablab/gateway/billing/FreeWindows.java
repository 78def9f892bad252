package org.fablab.gateway.billing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fablab.protocol.Names;

/**
 * Weekly windows, in the lab's local time, during which machine time is free (consumables are not). A session partly
 * inside is charged for exactly the milliseconds outside; block rounding applies to that remainder.
 */
public record FreeWindows(List<Window> windows) {
    /** No free time. */
    public static final FreeWindows NONE = new FreeWindows(List.of());

    public FreeWindows {
        windows = List.copyOf(Names.require("windows", windows));
    }

    /**
     * One weekly window {@code [from, to)} on {@code day}; {@code to} of {@code 00:00} means the end of that day. A
     * window across midnight is written as two windows.
     */
    public record Window(DayOfWeek day, LocalTime from, LocalTime to) {
        public Window {
            Names.require("day", day);
            Names.require("from", from);
            Names.require("to", to);
            if (!to.equals(LocalTime.MIDNIGHT) && !to.isAfter(from)) {
                throw new IllegalArgumentException("window to " + to + " must be after from " + from);
            }
        }
    }

    /**
     * The free intervals of one local date, merged and sorted. Local times that a DST change skips or repeats are
     * resolved as {@link java.time.ZonedDateTime#of} does.
     */
    public List<Span> on(LocalDate date, ZoneId zone) {
        List<Span> spans = new ArrayList<>();
        for (Window w : windows) {
            if (w.day() == date.getDayOfWeek()) {
                Instant to = w.to().equals(LocalTime.MIDNIGHT)
                        ? date.plusDays(1).atStartOfDay(zone).toInstant()
                        : date.atTime(w.to()).atZone(zone).toInstant();
                spans.add(new Span(date.atTime(w.from()).atZone(zone).toInstant(), to));
            }
        }
        spans.sort(Comparator.comparing(Span::from));
        List<Span> merged = new ArrayList<>();
        for (Span span : spans) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !span.from().isAfter(last.to())) {
                merged.set(merged.size() - 1, new Span(last.from(), span.to().isAfter(last.to()) ? span.to()
                        : last.to()));
            } else {
                merged.add(span);
            }
        }
        return merged;
    }

    /** A free interval {@code [from, to)}. */
    public record Span(Instant from, Instant to) {
    }
}

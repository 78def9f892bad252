package org.fablab.gateway.access;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.fablab.protocol.Names;

/**
 * When machines may be used, as weekly windows in the lab's local time. An empty list means always open. Windows
 * may overlap or touch; their union is what counts.
 */
public record OpeningRules(List<Window> windows) {
    /** Days scanned for the next boundary: a week, plus a day for the window that ends past the current one. */
    private static final int HORIZON_DAYS = 8;

    public OpeningRules {
        windows = List.copyOf(Names.require("opening.windows", windows));
    }

    /** Rules without windows: always open. */
    public static OpeningRules alwaysOpen() {
        return new OpeningRules(List.of());
    }

    /**
     * One weekly window, open from {@code from} inclusive to {@code to} exclusive in local time. Windows do not cross
     * midnight; {@code to} = {@code 00:00} means until the end of {@code day}.
     */
    public record Window(DayOfWeek day, LocalTime from, LocalTime to) {
        public Window {
            Names.require("window.day", day);
            Names.require("window.from", from);
            Names.require("window.to", to);
            if (!to.equals(LocalTime.MIDNIGHT) && !from.isBefore(to)) {
                throw new IllegalArgumentException("window.from " + from + " must be before window.to " + to
                        + " (windows do not cross midnight; 00:00 as 'to' means the end of the day)");
            }
        }

        boolean contains(DayOfWeek localDay, LocalTime localTime) {
            return day == localDay && !localTime.isBefore(from) && (to.equals(LocalTime.MIDNIGHT) || localTime.isBefore(to));
        }
    }

    /** True when {@code at}, seen in {@code zone}, falls inside a window (or there are no windows). */
    public boolean isOpen(Instant at, ZoneId zone) {
        if (windows.isEmpty()) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone);
        return windows.stream().anyMatch(w -> w.contains(local.getDayOfWeek(), local.toLocalTime()));
    }

    /**
     * The first instant after {@code at} at which {@link #isOpen} differs from its value at {@code at}, empty when
     * it never changes (no windows, or windows covering the whole week). Local times skipped or repeated by a
     * daylight-saving change are handled: a window starting in a skipped hour opens when the clocks jump (one lying
     * wholly inside it does not open that day), and a repeated hour can open or close twice.
     */
    public Optional<Instant> nextBoundary(Instant at, ZoneId zone) {
        if (windows.isEmpty()) {
            return Optional.empty();
        }
        boolean openNow = isOpen(at, zone);
        for (Instant candidate : candidates(at, zone)) {
            if (isOpen(candidate, zone) != openNow) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Every instant after {@code at} within the horizon where the open state can change: the window edges (at both
     * offsets when a local time is repeated) and the zone's offset transitions, in order.
     */
    private TreeSet<Instant> candidates(Instant at, ZoneId zone) {
        TreeSet<Instant> candidates = new TreeSet<>();
        LocalDate first = at.atZone(zone).toLocalDate();
        for (int d = 0; d <= HORIZON_DAYS; d++) {
            LocalDate date = first.plusDays(d);
            for (Window w : windows) {
                if (w.day() == date.getDayOfWeek()) {
                    addLocal(candidates, ZonedDateTime.of(date, w.from(), zone));
                    addLocal(candidates, w.to().equals(LocalTime.MIDNIGHT)
                            ? date.plusDays(1).atStartOfDay(zone)
                            : ZonedDateTime.of(date, w.to(), zone));
                }
            }
        }
        Instant end = first.plusDays(HORIZON_DAYS + 1L).atStartOfDay(zone).toInstant();
        ZoneRules rules = zone.getRules();
        for (ZoneOffsetTransition t = rules.nextTransition(at); t != null && t.getInstant().isBefore(end);
             t = rules.nextTransition(t.getInstant())) {
            candidates.add(t.getInstant());
        }
        return new TreeSet<>(candidates.tailSet(at, false));
    }

    private static void addLocal(TreeSet<Instant> candidates, ZonedDateTime local) {
        candidates.add(local.withEarlierOffsetAtOverlap().toInstant());
        candidates.add(local.withLaterOffsetAtOverlap().toInstant());
    }
}

package org.fablab.gateway.access;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.fablab.protocol.Names;

/**
 * How long a certification for a training holds once granted. Every expiry is an exclusive instant: a certification
 * is valid strictly before it and expired from it on.
 *
 * <p>Stored and sent as {@code kind} ({@code forever}, {@code fixed-duration}, {@code until-date},
 * {@code lapses-after-disuse}) with {@code days} for the two durations or {@code until} for the date; see
 * {@link #of(String, Integer, LocalDate)}. Durations are whole days so that this form round-trips.
 */
public sealed interface TrainingValidity {
    String FOREVER = "forever";
    String FIXED_DURATION = "fixed-duration";
    String UNTIL_DATE = "until-date";
    String LAPSES_AFTER_DISUSE = "lapses-after-disuse";

    /**
     * The instant from which a certification granted at {@code grantedAt} no longer holds, empty when it never
     * expires.
     *
     * @param lastUse the start of the member's last session on any machine whose kind the training unlocks; only
     *                {@link LapsesAfterDisuse} looks at it
     * @param zone    the lab's time zone, where a date ends
     */
    Optional<Instant> expiresAt(Instant grantedAt, Optional<Instant> lastUse, ZoneId zone);

    /** The wire kind, e.g. {@code fixed-duration}. */
    String kind();

    /** The number of days for the two duration kinds, otherwise {@code null}. */
    default Integer days() {
        return null;
    }

    /** The last valid day for {@code until-date}, otherwise {@code null}. */
    default LocalDate until() {
        return null;
    }

    /**
     * The validity for a stored or submitted wire form.
     *
     * @throws IllegalArgumentException naming {@code validity.kind}, {@code validity.days} or {@code validity.until}
     *                                  when that field is missing, out of range, or given for a kind that does not
     *                                  use it
     */
    static TrainingValidity of(String kind, Integer days, LocalDate until) {
        if (kind == null) {
            throw new IllegalArgumentException("validity.kind is missing");
        }
        switch (kind) {
            case FOREVER:
                forbid(kind, "days", days);
                forbid(kind, "until", until);
                return new Forever();
            case FIXED_DURATION:
                forbid(kind, "until", until);
                return new FixedDuration(Duration.ofDays(requireDays(kind, days)));
            case UNTIL_DATE:
                forbid(kind, "days", days);
                if (until == null) {
                    throw new IllegalArgumentException("validity.until is missing for kind " + kind);
                }
                return new UntilDate(until);
            case LAPSES_AFTER_DISUSE:
                forbid(kind, "until", until);
                return new LapsesAfterDisuse(Duration.ofDays(requireDays(kind, days)));
            default:
                throw new IllegalArgumentException("validity.kind '" + kind + "' is not one of: " + FOREVER + ", "
                        + FIXED_DURATION + ", " + UNTIL_DATE + ", " + LAPSES_AFTER_DISUSE);
        }
    }

    private static int requireDays(String kind, Integer days) {
        if (days == null) {
            throw new IllegalArgumentException("validity.days is missing for kind " + kind);
        }
        if (days <= 0) {
            throw new IllegalArgumentException("validity.days must be > 0, was " + days);
        }
        return days;
    }

    private static void forbid(String kind, String field, Object value) {
        if (value != null) {
            throw new IllegalArgumentException("validity." + field + " must be absent for kind " + kind);
        }
    }

    private static int wholeDays(String field, Duration duration) {
        if (duration == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (duration.isNegative() || duration.isZero() || !duration.equals(Duration.ofDays(duration.toDays()))) {
            throw new IllegalArgumentException(field + " must be a positive whole number of days, was " + duration);
        }
        return Math.toIntExact(duration.toDays());
    }

    /** Never expires. */
    record Forever() implements TrainingValidity {
        @Override
        public Optional<Instant> expiresAt(Instant grantedAt, Optional<Instant> lastUse, ZoneId zone) {
            return Optional.empty();
        }

        @Override
        public String kind() {
            return FOREVER;
        }
    }

    /** Expires {@code length} after the grant: granted at 10:00 for 1 day, valid until 09:59:59.999… the next day. */
    record FixedDuration(Duration length) implements TrainingValidity {
        public FixedDuration {
            wholeDays("validity.days", length);
        }

        @Override
        public Optional<Instant> expiresAt(Instant grantedAt, Optional<Instant> lastUse, ZoneId zone) {
            return Optional.of(grantedAt.plus(length));
        }

        @Override
        public String kind() {
            return FIXED_DURATION;
        }

        @Override
        public Integer days() {
            return wholeDays("validity.days", length);
        }
    }

    /** Valid through the end of {@code lastDay} in the lab's zone: expires at the start of the next day there. */
    record UntilDate(LocalDate lastDay) implements TrainingValidity {
        public UntilDate {
            Names.require("validity.until", lastDay);
        }

        @Override
        public Optional<Instant> expiresAt(Instant grantedAt, Optional<Instant> lastUse, ZoneId zone) {
            return Optional.of(lastDay.plusDays(1).atStartOfDay(zone).toInstant());
        }

        @Override
        public String kind() {
            return UNTIL_DATE;
        }

        @Override
        public LocalDate until() {
            return lastDay;
        }
    }

    /**
     * Expires {@code unused} after the later of the grant and the member's last use of a machine the training
     * unlocks; a member who keeps using such machines keeps the certification.
     */
    record LapsesAfterDisuse(Duration unused) implements TrainingValidity {
        public LapsesAfterDisuse {
            wholeDays("validity.days", unused);
        }

        @Override
        public Optional<Instant> expiresAt(Instant grantedAt, Optional<Instant> lastUse, ZoneId zone) {
            Instant since = lastUse.filter(use -> use.isAfter(grantedAt)).orElse(grantedAt);
            return Optional.of(since.plus(unused));
        }

        @Override
        public String kind() {
            return LAPSES_AFTER_DISUSE;
        }

        @Override
        public Integer days() {
            return wholeDays("validity.days", unused);
        }
    }
}

package org.fablab.protocol;

import java.time.Instant;

/**
 * The documented range of every numeric and time field a node sends (docs/protocol.md §7 and §10.5), checked once
 * by {@link Verifier} at reception. The bounds are far above anything a real machine produces and low enough that
 * the receiver's arithmetic on them (seconds to milliseconds, quantity times a unit price) cannot overflow a
 * {@code long}. A node never throws on them: a value out of range is the receiver's {@code invalid-field}.
 * Pure and thread-safe.
 */
public final class FieldRanges {
    /** Largest {@code seq}: 2^53 − 1, so that every JSON reader (a browser's included) holds it exactly. */
    public static final long MAX_SEQ = 9_007_199_254_740_991L;
    /** Earliest timestamp: the Unix epoch (a node without a real-time clock may boot there before NTP). */
    public static final Instant MIN_TIME = Instant.EPOCH;
    /** Latest timestamp: the last instant of year 9999, the largest a four-digit ISO-8601 year can write. */
    public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** Longest session duration in seconds: 366 days. */
    public static final long MAX_SESSION_SECONDS = 366L * 24 * 3600;
    /** Most energy for one session, in watt-hours: 100 MWh, above a 10 kW machine running 366 days. */
    public static final double MAX_ENERGY_WH = 100_000_000;
    /** Most units in one consumable record: a million (a tonne of filament in grams). */
    public static final long MAX_QUANTITY = 1_000_000;
    /** Most sessions a node may close as interrupted at one boot. */
    public static final int MAX_RECOVERED_SESSIONS = 1_000;

    private FieldRanges() {
    }

    /**
     * Checks the ranges of the message's fields.
     *
     * @throws IllegalArgumentException naming the first field out of range
     */
    public static void check(Message message) {
        time("ts", message.ts());
        if (message instanceof NodeOriginated originated) {
            within("seq", originated.seq(), 1, MAX_SEQ);
        }
        if (message instanceof NodeStatus status) {
            if (status.aclIssuedAt() != null) {
                time("aclIssuedAt", status.aclIssuedAt());
            }
            if (status.connectedAt() != null) {
                time("connectedAt", status.connectedAt());
            }
        }
        if (message instanceof NodeEvent event) {
            check(event.data());
        }
    }

    private static void check(EventData data) {
        if (data instanceof EventData.SessionStarted started) {
            time("startedAt", started.startedAt());
        } else if (data instanceof EventData.SessionProgress progress) {
            meters(progress.wallSeconds(), progress.activeSeconds(), progress.energyWh());
        } else if (data instanceof EventData.SessionEnded ended) {
            time("startedAt", ended.startedAt());
            time("endedAt", ended.endedAt());
            meters(ended.wallSeconds(), ended.activeSeconds(), ended.energyWh());
        } else if (data instanceof EventData.ConsumableRecorded consumable) {
            within("quantity", consumable.quantity(), 1, MAX_QUANTITY);
        } else if (data instanceof EventData.NodeBooted booted) {
            within("recoveredSessions", booted.recoveredSessions(), 0, MAX_RECOVERED_SESSIONS);
        } else if (!(data instanceof EventData.BadgeDenied || data instanceof EventData.MachineStateChanged
                || data instanceof EventData.InterlockChanged)) {
            throw new IllegalStateException("no ranges known for " + data.type());
        }
    }

    private static void meters(long wallSeconds, long activeSeconds, double energyWh) {
        within("wallSeconds", wallSeconds, 0, MAX_SESSION_SECONDS);
        within("activeSeconds", activeSeconds, 0, MAX_SESSION_SECONDS);
        if (!(energyWh >= 0 && energyWh <= MAX_ENERGY_WH)) {
            throw new IllegalArgumentException("energyWh must be within 0 … " + (long) MAX_ENERGY_WH + ", was "
                    + energyWh);
        }
    }

    private static void within(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be within " + min + " … " + max + ", was " + value);
        }
    }

    private static void time(String field, Instant value) {
        if (value.isBefore(MIN_TIME) || value.isAfter(MAX_TIME)) {
            throw new IllegalArgumentException(field + " must be within " + MIN_TIME + " … 9999-12-31, was " + value);
        }
    }
}

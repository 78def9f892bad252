package org.fablab.node.domain;

import java.time.Duration;

/**
 * Timing rules of the session state machine.
 *
 * @param gracePeriod      warning time between a session end trigger and the power cut
 * @param maxSessionLength a session reaching this wall time is ended with reason {@code timeout}
 * @param progressInterval period of {@code session.progress} events while a session runs
 * @param software         node software version reported in {@code node.booted}
 * @param idleAutoOff      a session whose machine draws no current for this long ends with reason {@code idle};
 *                         0 disables the rule
 * @param toCheckAfterUse  every session end (except a takeover, a lock, a fault or a shutdown) puts the machine
 *                         in {@code to-check}
 */
public record SessionSettings(Duration gracePeriod, Duration maxSessionLength, Duration progressInterval,
                              String software, Duration idleAutoOff, boolean toCheckAfterUse) {
    public SessionSettings {
        requirePositive("gracePeriod", gracePeriod, true);
        requirePositive("maxSessionLength", maxSessionLength, false);
        requirePositive("progressInterval", progressInterval, false);
        if (software == null || software.isBlank()) {
            throw new IllegalArgumentException("software is missing or blank");
        }
        requirePositive("idleAutoOff", idleAutoOff, true);
    }

    /** Without idle auto-off and without to-check after use. */
    public SessionSettings(Duration gracePeriod, Duration maxSessionLength, Duration progressInterval,
                           String software) {
        this(gracePeriod, maxSessionLength, progressInterval, software, Duration.ZERO, false);
    }

    private static void requirePositive(String field, Duration value, boolean zeroAllowed) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(field + " must be " + (zeroAllowed ? ">= 0" : "> 0") + ", was " + value);
        }
    }
}

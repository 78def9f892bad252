package org.fablab.node.domain;

import java.time.Duration;

/**
 * Timing rules of the session state machine.
 *
 * @param gracePeriod      warning time between a session end trigger and the power cut
 * @param maxSessionLength a session reaching this wall time is ended with reason {@code timeout}
 * @param progressInterval period of {@code session.progress} events while a session runs
 * @param software         node software version reported in {@code node.booted}
 */
public record SessionSettings(Duration gracePeriod, Duration maxSessionLength, Duration progressInterval,
                              String software) {
    public SessionSettings {
        requirePositive("gracePeriod", gracePeriod, true);
        requirePositive("maxSessionLength", maxSessionLength, false);
        requirePositive("progressInterval", progressInterval, false);
        if (software == null || software.isBlank()) {
            throw new IllegalArgumentException("software is missing or blank");
        }
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

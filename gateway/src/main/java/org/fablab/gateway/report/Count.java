package org.fablab.gateway.report;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A number of people, sessions or events as a report shows it: exact, or only "below the threshold" when it is
 * between 1 and the threshold minus one, so that no small group can be singled out (docs/impact.md, privacy). Zero
 * is shown as zero. In JSON an exact count is a number and a suppressed one the string {@code "<5"}.
 */
public sealed interface Count {
    static Count exact(long value) {
        return new Exact(value);
    }

    /** Exact when {@code value} is 0 or at least {@code threshold}, else {@link Below}. */
    static Count shown(long value, int threshold) {
        return value > 0 && value < threshold ? new Below(threshold) : new Exact(value);
    }

    /** The same count as a funder may see it. */
    Count suppressed(int threshold);

    record Exact(long value) implements Count {
        public Exact {
            if (value < 0) {
                throw new IllegalArgumentException("a count must not be negative, was " + value);
            }
        }

        @Override
        public Count suppressed(int threshold) {
            return shown(value, threshold);
        }

        @JsonValue
        public long json() {
            return value;
        }
    }

    record Below(int threshold) implements Count {
        @Override
        public Count suppressed(int threshold) {
            return this;
        }

        @JsonValue
        public String json() {
            return "<" + threshold;
        }
    }
}

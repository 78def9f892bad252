package org.fablab.node.port;

/** Senses whether the machine draws current and, where the sensor measures it, how much power. Thread-safe. */
public interface PowerMeter extends AutoCloseable {

    /**
     * One reading.
     *
     * @param running true when the current is at or above the configured threshold (laser firing, heater on)
     * @param watts   estimated power in watts, or {@link Double#NaN} when the sensor only tells on/off
     */
    record Sample(boolean running, double watts) {
        public Sample {
            if (!Double.isNaN(watts) && (watts < 0 || Double.isInfinite(watts))) {
                throw new IllegalArgumentException("watts must be >= 0 or NaN, was " + watts);
            }
        }
    }

    /** The latest reading; must not block for long (the node calls it on every tick). */
    Sample sample();

    /** Releases the sensor; idempotent. */
    @Override
    void close();
}

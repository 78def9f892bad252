package org.fablab.node.app;

import com.pi4j.context.Context;
import org.fablab.node.adapter.sim.SimulatedBadgeReader;
import org.fablab.node.port.BadgeReader;

/** Creates the badge reader a config names. */
final class BadgeReaders {
    private BadgeReaders() {
    }

    /** @param pi4j the Pi4J context for SPI/I2C readers; null with simulated hardware */
    static BadgeReader create(HardwareConfig.Reader config, Context pi4j) {
        return switch (config.kind()) {
            case SIMULATED -> new SimulatedBadgeReader();
            default -> throw new IllegalArgumentException("reader.kind: " + config.kind().wire()
                    + " is not available yet");
        };
    }
}

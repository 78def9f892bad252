package org.fablab.node.app;

import org.fablab.node.adapter.sim.SimulatedBadgeReader;
import org.fablab.node.adapter.sim.SimulatedIndicator;
import org.fablab.node.adapter.sim.SimulatedPowerSwitch;
import org.fablab.node.port.BadgeReader;
import org.fablab.node.port.Indicator;
import org.fablab.node.port.PowerSwitch;

/** The hardware ports of one node. The node owns them once started and closes the reader on close. */
public record NodeHardware(BadgeReader reader, PowerSwitch relay, Indicator indicator) {
    public NodeHardware {
        if (reader == null || relay == null || indicator == null) {
            throw new IllegalArgumentException("reader, relay and indicator are all required");
        }
    }

    /** Simulated reader, relay and indicator, for the demo and tests. */
    public static NodeHardware simulated() {
        return new NodeHardware(new SimulatedBadgeReader(), new SimulatedPowerSwitch(), new SimulatedIndicator());
    }

    /** The hardware the config names. */
    public static NodeHardware forConfig(NodeConfig config) {
        // Only simulated kinds exist yet; Pi4J and serial adapters will be chosen here.
        return switch (config.reader()) {
            case SIMULATED -> simulated();
        };
    }

    /** @throws IllegalStateException when the reader is not simulated */
    public SimulatedBadgeReader simulatedReader() {
        return as(SimulatedBadgeReader.class, reader, "reader");
    }

    /** @throws IllegalStateException when the relay is not simulated */
    public SimulatedPowerSwitch simulatedRelay() {
        return as(SimulatedPowerSwitch.class, relay, "relay");
    }

    /** @throws IllegalStateException when the indicator is not simulated */
    public SimulatedIndicator simulatedIndicator() {
        return as(SimulatedIndicator.class, indicator, "indicator");
    }

    private static <T> T as(Class<T> type, Object port, String name) {
        if (!type.isInstance(port)) {
            throw new IllegalStateException("the " + name + " is " + port.getClass().getSimpleName() + ", not simulated");
        }
        return type.cast(port);
    }
}

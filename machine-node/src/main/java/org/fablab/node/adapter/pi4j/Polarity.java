package org.fablab.node.adapter.pi4j;

import com.pi4j.io.gpio.digital.DigitalState;

/** Which electrical level of a GPIO means "active" (relay energised, LED lit, interlock closed, current flowing). */
public enum Polarity {
    ACTIVE_HIGH("active-high"),
    ACTIVE_LOW("active-low");

    private final String wire;

    Polarity(String wire) {
        this.wire = wire;
    }

    /** The name used in the node config. */
    public String wire() {
        return wire;
    }

    /** The level that means active. */
    public DigitalState active() {
        return this == ACTIVE_HIGH ? DigitalState.HIGH : DigitalState.LOW;
    }

    /** The level that means inactive. */
    public DigitalState inactive() {
        return this == ACTIVE_HIGH ? DigitalState.LOW : DigitalState.HIGH;
    }

    /** The level for {@code active}. */
    public DigitalState level(boolean active) {
        return active ? active() : inactive();
    }

    /** Whether {@code level} means active. */
    public boolean isActive(DigitalState level) {
        return level == active();
    }
}

package org.fablab.node.adapter.sim;

import java.util.ArrayList;
import java.util.List;
import org.fablab.node.port.PowerSwitch;

/** A relay that only remembers: its state and every switching in order. Thread-safe. */
public final class SimulatedPowerSwitch implements PowerSwitch {
    private final List<Boolean> history = new ArrayList<>();
    private boolean on;

    @Override
    public synchronized void setOn(boolean on) {
        this.on = on;
        history.add(on);
    }

    @Override
    public synchronized boolean isOn() {
        return on;
    }

    /** Every value passed to {@link #setOn}, oldest first. */
    public synchronized List<Boolean> history() {
        return List.copyOf(history);
    }
}

package org.fablab.node.adapter.sim;

import java.util.ArrayList;
import java.util.List;
import org.fablab.node.domain.Signal;
import org.fablab.node.port.Indicator;

/** An indicator that records what it showed. Thread-safe. */
public final class SimulatedIndicator implements Indicator {
    private final List<Signal> shown = new ArrayList<>();

    @Override
    public synchronized void show(Signal signal) {
        shown.add(signal);
    }

    /** Every signal shown, oldest first. */
    public synchronized List<Signal> shown() {
        return List.copyOf(shown);
    }

    /** The last signal shown, or null before any. */
    public synchronized Signal last() {
        return shown.isEmpty() ? null : shown.get(shown.size() - 1);
    }
}

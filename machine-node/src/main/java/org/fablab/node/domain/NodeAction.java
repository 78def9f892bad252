package org.fablab.node.domain;

import org.fablab.protocol.EventData;

/** What the node must do in response to a {@link NodeInput}, in the order returned. */
public sealed interface NodeAction {

    /** Switch the machine's relay. */
    record SwitchPower(boolean on) implements NodeAction {
    }

    /** Record an event in the durable outbox (it is signed, numbered and published from there). */
    record Emit(EventData data) implements NodeAction {
        public Emit {
            if (data == null) {
                throw new IllegalArgumentException("data is missing");
            }
        }
    }

    /** Show a signal on the LED/buzzer. */
    record Indicate(Signal signal) implements NodeAction {
        public Indicate {
            if (signal == null) {
                throw new IllegalArgumentException("signal is missing");
            }
        }
    }
}

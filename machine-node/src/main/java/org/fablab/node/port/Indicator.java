package org.fablab.node.port;

import org.fablab.node.domain.Signal;

/**
 * The LED/buzzer near the reader. {@link Signal#DENIED} and {@link Signal#IDENTIFY} are transient: the
 * implementation shows them briefly and returns to the last steady signal. Thread-safe.
 */
public interface Indicator {
    void show(Signal signal);
}

package org.fablab.node.port;

/** The relay or SSR that powers the machine. Implementations must be thread-safe and idempotent. */
public interface PowerSwitch {
    void setOn(boolean on);

    /** The last state set (or read back, where the hardware reports it). */
    boolean isOn();
}

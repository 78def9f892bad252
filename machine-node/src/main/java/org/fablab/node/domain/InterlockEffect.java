package org.fablab.node.domain;

/** What an open interlock (lid open, fume extractor off, chiller fault, e-stop) does to the machine. */
public enum InterlockEffect {
    /** No session may start while it is open; a running session continues. */
    REFUSE_START("refuse-start"),
    /** No session may start while it is open, and a running session ends at once (power cut, no grace). */
    STOP_SESSION("stop-session"),
    /** Like {@link #STOP_SESSION}, and the machine becomes {@code blocked} until the gateway unlocks it. */
    BLOCK_MACHINE("block-machine");

    private final String wire;

    InterlockEffect(String wire) {
        this.wire = wire;
    }

    /** The name used in the node config. */
    public String wire() {
        return wire;
    }
}

package org.fablab.gateway.network;

import org.fablab.protocol.WireNames;

/** Which of our members a partner lab receives as visitors: every active member, or none (the partnership paused). */
public enum VisitorPolicy implements WireNames.Named {
    ALL,
    NONE;

    public static VisitorPolicy fromWire(String wire) {
        return WireNames.parse(VisitorPolicy.class, "visitors", wire);
    }
}

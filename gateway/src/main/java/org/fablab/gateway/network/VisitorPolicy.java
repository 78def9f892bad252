package org.fablab.gateway.network;

import org.fablab.protocol.WireNames;

/**
 * Which of our members a partner lab receives as visitors: every active member, none (the partnership paused), those
 * who consented to network visits, or those on one of the plans the partner's terms list.
 */
public enum VisitorPolicy implements WireNames.Named {
    ALL,
    NONE,
    OPTED_IN,
    PLANS;

    public static VisitorPolicy fromWire(String wire) {
        return WireNames.parse(VisitorPolicy.class, "visitors", wire);
    }
}

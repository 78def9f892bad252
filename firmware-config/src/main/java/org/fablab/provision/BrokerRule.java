package org.fablab.provision;

import org.fablab.protocol.Names;

/**
 * One right of a broker user: to publish on the topics a filter matches, or to subscribe to filters that lie within
 * it. The filter uses MQTT's wildcards ({@code +} one level, {@code #} the rest).
 */
public record BrokerRule(Access access, String filter) {
    public enum Access { PUBLISH, SUBSCRIBE }

    public BrokerRule {
        Names.require("access", access);
        Names.requireText("filter", filter);
    }
}

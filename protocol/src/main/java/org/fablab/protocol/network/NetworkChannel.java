package org.fablab.protocol.network;

/**
 * The channels between two partner labs' gateways, under {@code fablab/v1/network/{from}/{to}/}. Every channel is
 * published at QoS 1 by the gateway of lab {@code from} and read by the gateway of lab {@code to}; the labs' brokers
 * carry them over a Mosquitto bridge.
 */
public enum NetworkChannel {
    /** The home lab's list of its members who may visit the host lab; retained, so a host that joins late has it. */
    PASSES("passes", true),
    /** One visit's usage receipt, from the host lab to the visitor's home lab. */
    RECEIPTS("receipts", false),
    /** The home lab's acknowledgement of receipts it recorded, so the host stops resending them. */
    ACKS("acks", false),
    /** A closed month's settlement statement, sent by each side to the other. */
    SETTLEMENTS("settlements", false);

    private final String suffix;
    private final boolean retained;

    NetworkChannel(String suffix, boolean retained) {
        this.suffix = suffix;
        this.retained = retained;
    }

    public String suffix() {
        return suffix;
    }

    public boolean retained() {
        return retained;
    }

    static NetworkChannel fromSuffix(String suffix) {
        for (NetworkChannel channel : values()) {
            if (channel.suffix.equals(suffix)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("unknown network channel '" + suffix + "'");
    }
}

package org.fablab.protocol;

/**
 * The per-node MQTT channels of contract version 1, with their delivery settings.
 *
 * <p>Every channel is published at QoS 1. Only {@link #STATUS} and {@link #ACL} are retained:
 * a late subscriber must see the node's last status and the node its last ACL.
 */
public enum Channel {
    STATUS("status", Direction.NODE_TO_GATEWAY, true),
    EVENTS("events", Direction.NODE_TO_GATEWAY, false),
    AUTH_REQUEST("auth/request", Direction.NODE_TO_GATEWAY, false),
    AUTH_RESPONSE("auth/response", Direction.GATEWAY_TO_NODE, false),
    ACL("acl", Direction.GATEWAY_TO_NODE, true),
    CMD("cmd", Direction.GATEWAY_TO_NODE, false);

    /** MQTT QoS used on every channel: at least once, deduplicated by the receiver. */
    public static final int QOS = 1;

    /** Who publishes on a channel; the other side only subscribes. */
    public enum Direction { NODE_TO_GATEWAY, GATEWAY_TO_NODE }

    private final String suffix;
    private final Direction direction;
    private final boolean retained;

    Channel(String suffix, Direction direction, boolean retained) {
        this.suffix = suffix;
        this.direction = direction;
        this.retained = retained;
    }

    /** The topic suffix after {@code fablab/v1/{lab}/nodes/{node}/}. */
    public String suffix() {
        return suffix;
    }

    public Direction direction() {
        return direction;
    }

    public boolean retained() {
        return retained;
    }

    static Channel fromSuffix(String suffix) {
        for (Channel channel : values()) {
            if (channel.suffix.equals(suffix)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("unknown channel '" + suffix + "'");
    }
}

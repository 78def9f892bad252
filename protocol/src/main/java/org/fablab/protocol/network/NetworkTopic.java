package org.fablab.protocol.network;

import org.fablab.protocol.Names;

/**
 * A checked topic between two partner labs: {@code fablab/v1/network/{from}/{to}/{channel}}. The sending lab comes
 * first, so a bridge forwards one lab's messages to a partner with one pattern ({@link #fromTo}) and a broker user is
 * confined to what it may send with one ACL line. The only place where network topic strings are built or parsed.
 */
public record NetworkTopic(String from, String to, NetworkChannel channel) {
    public static final String ROOT = "fablab/v1/network/";

    public NetworkTopic {
        Names.requireId("from", from);
        Names.requireId("to", to);
        Names.require("channel", channel);
        if (from.equals(to)) {
            throw new IllegalArgumentException("a lab does not send network messages to itself: " + from);
        }
    }

    public static NetworkTopic of(String from, String to, NetworkChannel channel) {
        return new NetworkTopic(from, to, channel);
    }

    /**
     * Parses a topic string.
     *
     * @throws IllegalArgumentException with the reason when the string is not a network topic
     */
    public static NetworkTopic of(String topic) {
        if (topic == null || !topic.startsWith(ROOT)) {
            throw new IllegalArgumentException("topic must start with " + ROOT + ": " + topic);
        }
        String[] parts = topic.substring(ROOT.length()).split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("topic must be " + ROOT + "{from}/{to}/{channel}: " + topic);
        }
        return new NetworkTopic(parts[0], parts[1], NetworkChannel.fromSuffix(parts[2]));
    }

    /** Every channel from lab {@code from} to lab {@code to}: {@code fablab/v1/network/{from}/{to}/#}. */
    public static String fromTo(String from, String to) {
        return ROOT + Names.requireId("from", from) + "/" + Names.requireId("to", to) + "/#";
    }

    /** What lab {@code from}'s gateway sends to any partner: {@code fablab/v1/network/{from}/+/#}. */
    public static String fromLab(String from) {
        return ROOT + Names.requireId("from", from) + "/+/#";
    }

    /** What a lab's gateway subscribes to: every partner's messages to it, {@code fablab/v1/network/+/{to}/#}. */
    public static String toLab(String to) {
        return ROOT + "+/" + Names.requireId("to", to) + "/#";
    }

    @Override
    public String toString() {
        return ROOT + from + "/" + to + "/" + channel.suffix();
    }
}

package org.fablab.protocol;

/**
 * A checked MQTT topic of contract version 1: {@code fablab/v1/{lab}/nodes/{node}/{channel}}.
 * This is the only place in the project where topic strings are built or parsed.
 */
public record Topic(String lab, String node, Channel channel) {
    public static final String ROOT = "fablab/v1/";

    /** The lab id that would make node topics overlap {@code fablab/v1/network/…} between partner labs. */
    public static final String RESERVED_LAB = "network";

    public Topic {
        Names.requireId("lab", lab);
        if (RESERVED_LAB.equals(lab)) {
            throw new IllegalArgumentException("lab '" + lab + "' is reserved for messages between partner labs");
        }
        Names.requireId("node", node);
        Names.require("channel", channel);
    }

    public static Topic of(String lab, String node, Channel channel) {
        return new Topic(lab, node, channel);
    }

    /**
     * Parses a topic string.
     *
     * @throws IllegalArgumentException with the reason when the string is not a v1 node topic
     */
    public static Topic of(String topic) {
        if (topic == null || !topic.startsWith(ROOT)) {
            throw new IllegalArgumentException("topic must start with " + ROOT + ": " + topic);
        }
        String[] parts = topic.substring(ROOT.length()).split("/", 4);
        if (parts.length != 4 || !"nodes".equals(parts[1])) {
            throw new IllegalArgumentException("topic must be " + ROOT + "{lab}/nodes/{node}/{channel}: " + topic);
        }
        return new Topic(parts[0], parts[2], Channel.fromSuffix(parts[3]));
    }

    /** Subscription filter for one channel of every node of a lab, e.g. {@code fablab/v1/lab/nodes/+/events}. */
    public static String filterAllNodes(String lab, Channel channel) {
        return ROOT + Names.requireId("lab", lab) + "/nodes/+/" + channel.suffix();
    }

    /** The same filter as a shared subscription, spreading the load over gateway instances. */
    public static String sharedFilterAllNodes(String group, String lab, Channel channel) {
        return "$share/" + Names.requireId("group", group) + "/" + filterAllNodes(lab, channel);
    }

    @Override
    public String toString() {
        return ROOT + lab + "/nodes/" + node + "/" + channel.suffix();
    }
}

package org.fablab.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Names;
import org.fablab.protocol.Topic;
import org.fablab.protocol.network.NetworkTopic;

/**
 * What each broker user of a lab may do, the same on every broker: node N publishes only its own {@code status},
 * {@code events} and {@code auth/request} and subscribes only to its own {@code acl}, {@code cmd} and
 * {@code auth/response}; the gateway publishes and subscribes anywhere under {@code fablab/v1/{lab}/} (it answers
 * every node, and clears a retired node's retained topics), through its shared group when it has one, and sends to and
 * receives from partner labs on the network tree; a partner lab's bridge user publishes only what that lab sends to
 * this one and subscribes only to what this lab sends to it. Pure.
 */
public final class BrokerRules {
    private static final String SHARE = "$share/";

    private BrokerRules() {
    }

    /** The rights of node {@code node}: exact topics, no wildcard. */
    public static List<BrokerRule> node(String lab, String node) {
        List<BrokerRule> rules = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            BrokerRule.Access access = channel.direction() == Channel.Direction.NODE_TO_GATEWAY
                    ? BrokerRule.Access.PUBLISH : BrokerRule.Access.SUBSCRIBE;
            rules.add(new BrokerRule(access, Topic.of(lab, node, channel).toString()));
        }
        return List.copyOf(rules);
    }

    /**
     * The rights of the gateway: the lab's whole tree; on the network tree, publishing what the lab sends to any
     * partner and subscribing to what any partner sends to it; plus both subscriptions behind {@code $share/{group}/}
     * when the gateways of the lab split the load (a broker may check a shared subscription with its prefix).
     */
    public static List<BrokerRule> gateway(String lab, Optional<String> sharedGroup) {
        String tree = Topic.ROOT + Names.requireId("lab", lab) + "/#";
        String network = NetworkTopic.toLab(lab);
        List<BrokerRule> rules = new ArrayList<>(List.of(new BrokerRule(BrokerRule.Access.PUBLISH, tree),
                new BrokerRule(BrokerRule.Access.SUBSCRIBE, tree),
                new BrokerRule(BrokerRule.Access.PUBLISH, NetworkTopic.fromLab(lab)),
                new BrokerRule(BrokerRule.Access.SUBSCRIBE, network)));
        sharedGroup.ifPresent(group -> {
            String share = SHARE + Names.requireId("group", group) + "/";
            rules.add(new BrokerRule(BrokerRule.Access.SUBSCRIBE, share + tree));
            rules.add(new BrokerRule(BrokerRule.Access.SUBSCRIBE, share + network));
        });
        return List.copyOf(rules);
    }

    /**
     * The rights, on lab {@code lab}'s broker, of the bridge that partner lab {@code partner} connects: publishing what
     * the partner sends to this lab, subscribing to what this lab sends to the partner, nothing else (no node topic,
     * no other partner's messages).
     */
    public static List<BrokerRule> bridge(String lab, String partner) {
        return List.of(new BrokerRule(BrokerRule.Access.PUBLISH, NetworkTopic.fromTo(partner, lab)),
                new BrokerRule(BrokerRule.Access.SUBSCRIBE, NetworkTopic.fromTo(lab, partner)));
    }

    /** Whether {@code rules} let their user publish on {@code topic} (a topic name, wildcards never match). */
    public static boolean mayPublish(List<BrokerRule> rules, String topic) {
        if (topic.contains("+") || topic.contains("#")) {
            return false;
        }
        return rules.stream().anyMatch(r -> r.access() == BrokerRule.Access.PUBLISH && covers(r.filter(), topic));
    }

    /**
     * Whether {@code rules} let their user subscribe to {@code filter}: every topic it can match must be within an
     * allowed filter. A shared subscription is judged by the filter behind its {@code $share/{group}/} prefix.
     */
    public static boolean maySubscribe(List<BrokerRule> rules, String filter) {
        String plain = unshared(filter);
        return rules.stream().anyMatch(r -> r.access() == BrokerRule.Access.SUBSCRIBE
                && (covers(r.filter(), filter) || covers(r.filter(), plain)));
    }

    /**
     * Whether every topic that {@code requested} can match is also matched by {@code allowed}, both MQTT filters:
     * level by level, {@code #} in {@code allowed} covers the rest, {@code +} covers one level (a {@code +} too,
     * never a {@code #}), and any other level must be equal.
     */
    public static boolean covers(String allowed, String requested) {
        String[] a = allowed.split("/", -1);
        String[] r = requested.split("/", -1);
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals("#")) {
                return true;
            }
            if (i >= r.length || r[i].equals("#")) {
                return false;
            }
            if (!a[i].equals("+") && !a[i].equals(r[i])) {
                return false;
            }
        }
        return a.length == r.length;
    }

    private static String unshared(String filter) {
        if (!filter.startsWith(SHARE)) {
            return filter;
        }
        int slash = filter.indexOf('/', SHARE.length());
        return slash < 0 ? filter : filter.substring(slash + 1);
    }
}

package org.fablab.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Names;
import org.fablab.protocol.Topic;

/**
 * What each broker user of a lab may do, the same on every broker: node N publishes only its own {@code status},
 * {@code events} and {@code auth/request} and subscribes only to its own {@code acl}, {@code cmd} and
 * {@code auth/response}; the gateway publishes and subscribes anywhere under {@code fablab/v1/{lab}/} (it answers
 * every node, and clears a retired node's retained topics), through its shared group when it has one. Pure.
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
     * The rights of the gateway: the lab's whole tree, plus the same tree behind {@code $share/{group}/} when the
     * gateways of the lab split the load (a broker may check a shared subscription with its prefix).
     */
    public static List<BrokerRule> gateway(String lab, Optional<String> sharedGroup) {
        String tree = Topic.ROOT + Names.requireId("lab", lab) + "/#";
        List<BrokerRule> rules = new ArrayList<>(List.of(new BrokerRule(BrokerRule.Access.PUBLISH, tree),
                new BrokerRule(BrokerRule.Access.SUBSCRIBE, tree)));
        sharedGroup.ifPresent(group -> rules.add(new BrokerRule(BrokerRule.Access.SUBSCRIBE,
                SHARE + Names.requireId("group", group) + "/" + tree)));
        return List.copyOf(rules);
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

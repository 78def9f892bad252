package org.fablab.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerRulesTest {
    private static final String NODE_A = "fablab/v1/lab1/nodes/a/";
    private final List<BrokerRule> a = BrokerRules.node("lab1", "a");
    private final List<BrokerRule> gateway = BrokerRules.gateway("lab1", Optional.empty());

    @Test
    void node_publishesOnlyItsOwnOutboundChannels() {
        assertTrue(BrokerRules.mayPublish(a, NODE_A + "status"));
        assertTrue(BrokerRules.mayPublish(a, NODE_A + "events"));
        assertTrue(BrokerRules.mayPublish(a, NODE_A + "auth/request"));
        assertFalse(BrokerRules.mayPublish(a, NODE_A + "acl"));
        assertFalse(BrokerRules.mayPublish(a, NODE_A + "cmd"));
        assertFalse(BrokerRules.mayPublish(a, NODE_A + "auth/response"));
        assertFalse(BrokerRules.mayPublish(a, "fablab/v1/lab1/nodes/b/events"));
        assertFalse(BrokerRules.mayPublish(a, "fablab/v1/lab2/nodes/a/events"));
    }

    @Test
    void node_subscribesOnlyToItsOwnInboundChannels() {
        assertTrue(BrokerRules.maySubscribe(a, NODE_A + "acl"));
        assertTrue(BrokerRules.maySubscribe(a, NODE_A + "cmd"));
        assertTrue(BrokerRules.maySubscribe(a, NODE_A + "auth/response"));
        assertFalse(BrokerRules.maySubscribe(a, NODE_A + "events"));
        assertFalse(BrokerRules.maySubscribe(a, "fablab/v1/lab1/nodes/b/acl"));
        assertFalse(BrokerRules.maySubscribe(a, "fablab/v1/lab1/nodes/+/acl"));
        assertFalse(BrokerRules.maySubscribe(a, NODE_A + "#"));
        assertFalse(BrokerRules.maySubscribe(a, "#"));
        assertFalse(BrokerRules.maySubscribe(a, "$share/g/fablab/v1/lab1/nodes/b/cmd"));
    }

    @Test
    void node_hasSixExactRulesAndNoWildcard() {
        assertEquals(6, a.size());
        assertTrue(a.stream().noneMatch(r -> r.filter().contains("+") || r.filter().contains("#")));
    }

    @Test
    void gateway_coversItsLabOnly() {
        assertTrue(BrokerRules.maySubscribe(gateway, "fablab/v1/lab1/nodes/+/events"));
        assertTrue(BrokerRules.mayPublish(gateway, "fablab/v1/lab1/nodes/b/acl"));
        assertFalse(BrokerRules.maySubscribe(gateway, "fablab/v1/lab2/nodes/+/events"));
        assertFalse(BrokerRules.maySubscribe(gateway, "#"));
        assertFalse(BrokerRules.mayPublish(gateway, "$CONTROL/dynamic-security/v1"));
    }

    @Test
    void gateway_withSharedGroup_mayUseIt() {
        List<BrokerRule> shared = BrokerRules.gateway("lab1", Optional.of("gws"));
        assertTrue(BrokerRules.maySubscribe(shared, "$share/gws/fablab/v1/lab1/nodes/+/events"));
        assertTrue(shared.contains(new BrokerRule(BrokerRule.Access.SUBSCRIBE, "$share/gws/fablab/v1/lab1/#")));
    }

    @Test
    void gateway_sendsToEveryPartner_andReceivesFromEveryPartner_asItsOwnLabOnly() {
        assertTrue(BrokerRules.mayPublish(gateway, "fablab/v1/network/lab1/lab2/receipts"));
        assertTrue(BrokerRules.maySubscribe(gateway, "fablab/v1/network/+/lab1/#"));
        assertFalse(BrokerRules.mayPublish(gateway, "fablab/v1/network/lab2/lab1/receipts"));
        assertFalse(BrokerRules.maySubscribe(gateway, "fablab/v1/network/lab1/+/#"));
        assertFalse(BrokerRules.maySubscribe(gateway, "fablab/v1/network/#"));
        assertTrue(BrokerRules.maySubscribe(BrokerRules.gateway("lab1", Optional.of("gws")),
                "$share/gws/fablab/v1/network/+/lab1/#"));
    }

    @Test
    void partnersBridge_publishesWhatThePartnerSends_andSubscribesToWhatThisLabSendsIt_only() {
        List<BrokerRule> bridge = BrokerRules.bridge("lab1", "lab2");
        assertTrue(BrokerRules.mayPublish(bridge, "fablab/v1/network/lab2/lab1/passes"));
        assertTrue(BrokerRules.maySubscribe(bridge, "fablab/v1/network/lab1/lab2/#"));
        assertFalse(BrokerRules.mayPublish(bridge, "fablab/v1/network/lab3/lab1/passes"));
        assertFalse(BrokerRules.mayPublish(bridge, "fablab/v1/network/lab2/lab3/passes"));
        assertFalse(BrokerRules.mayPublish(bridge, "fablab/v1/network/lab1/lab2/passes"));
        assertFalse(BrokerRules.mayPublish(bridge, "fablab/v1/lab1/nodes/a/cmd"));
        assertFalse(BrokerRules.maySubscribe(bridge, "fablab/v1/network/+/lab1/#"));
        assertFalse(BrokerRules.maySubscribe(bridge, "fablab/v1/lab1/#"));
        assertFalse(BrokerRules.maySubscribe(bridge, "#"));
    }

    @Test
    void publish_onAWildcard_isNeverAllowed() {
        assertFalse(BrokerRules.mayPublish(gateway, "fablab/v1/lab1/nodes/+/acl"));
    }

    @ParameterizedTest
    @CsvSource({
            "a/b/c, a/b/c, true",
            "a/b/c, a/b, false",
            "a/b, a/b/c, false",
            "a/+/c, a/x/c, true",
            "a/+/c, a/+/c, true",
            "a/x/c, a/+/c, false",
            "a/+/c, a/#, false",
            "a/#, a/b/#, true",
            "a/#, a/+/c, true",
            "a/b/#, a/#, false",
    })
    void covers_judgesEveryTopicTheRequestCanMatch(String allowed, String requested, boolean expected) {
        assertEquals(expected, BrokerRules.covers(allowed, requested));
    }
}

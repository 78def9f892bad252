package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.fablab.gateway.domain.CertificationView;
import org.fablab.gateway.service.AccessService;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.Decision;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.Signer;
import org.fablab.protocol.network.NetworkChannel;
import org.fablab.protocol.network.NetworkTopic;
import org.fablab.protocol.network.VisitorPasses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two labs' real gateways ({@link PartnerLabs}) exchanging pass lists through the test Mosquitto
 * (FABLAB_TEST_MQTT_URL), which stands here for their two bridged brokers: lab A's member, trained at home, appears on
 * the ACL lab B publishes to its printer's node through B's equivalence, B's node asking live with the badge's network
 * hash gets the visitor granted, a revocation at A takes the visitor off B's ACL, and a pass list from a lab that is not
 * B's partner, or one forged in A's name, is refused and counted in B's security log.
 */
class PartnerLabsIT {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerLabsIT.class);

    @TempDir
    Path folder;
    private PartnerLabs labs;
    private MqttClient node;

    @BeforeEach
    void start() throws Exception {
        labs = new PartnerLabs(folder);
        labs.start(testBroker(labs.labA), testBroker(labs.labB));
        node = TestNodes.connect(TestNodes.mosquittoUrl(), labs.labB + "-" + PartnerLabs.NODE, true);
        labs.listenAsNode(node);
    }

    private static Map<String, String> testBroker(String lab) {
        return Map.of("FABLAB_MQTT_MODE", "external", "FABLAB_MQTT_URL", TestNodes.mosquittoUrl(),
                "FABLAB_MQTT_CLIENT_ID", "gw-" + lab);
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null && node.isConnected()) {
            for (String topic : List.of(NetworkTopic.of(labs.labA, labs.labB, NetworkChannel.PASSES).toString(),
                    NetworkTopic.of(labs.labB, labs.labA, NetworkChannel.PASSES).toString(), labs.aclTopic())) {
                node.publish(topic, new byte[0], 1, true);
            }
            node.disconnect();
        }
        labs.close();
        for (String lab : List.of(labs.labA, labs.labB)) {
            TestNodes.forgetSession(TestNodes.mosquittoUrl(), "gw-" + lab);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aHomeMember_isAdmittedAtTheHost_throughItsEquivalence_untilRevokedAtHome() throws Exception {
        CertificationView certification = labs.trainHomeMember();
        labs.becomePartners();

        labs.awaitVisitorAdmitted();
        assertThat(labs.homeAtHost().get("passList").get("passes").asInt()).isEqualTo(1);

        AuthResponse answer = labs.askLive(node);
        assertThat(answer.decision()).isEqualTo(Decision.GRANTED);
        assertThat(answer.member().id()).isEqualTo(labs.labA + ":m-zoe");

        Instant revoked = Instant.now();
        labs.revokeAtHome(certification);
        labs.awaitAcl(acl -> !labs.listsVisitor(acl));
        LOG.info("a revocation at the home lab took the visitor off the host node's ACL in {} ms",
                Duration.between(revoked, Instant.now()).toMillis());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aVisitorWithoutTheMappedTraining_isRefusedWithTheReasonForTheNode_andTheNodesRefusalIsLoggedAtTheHost()
            throws Exception {
        ListAppender<ILoggingEvent> hostLog = new ListAppender<>();
        hostLog.start();
        ch.qos.logback.classic.Logger access =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(AccessService.class);
        access.addAppender(hostLog);
        try {
            labs.trainHomeMember();
            labs.becomePartnersWithoutEquivalences();
            await().atMost(PartnerLabs.GENEROUS).until(() -> !labs.homeAtHost().get("passList").isNull());

            AuthResponse answer = labs.askLive(node);
            assertThat(answer.decision()).isEqualTo(Decision.DENIED);
            assertThat(answer.reason()).as("what the node shows").isEqualTo("training-missing");
            assertThat(answer.member().id()).isEqualTo(labs.labA + ":m-zoe");

            labs.nodeRefusesVisitor(node, answer.reason());
            await().atMost(PartnerLabs.GENEROUS).until(() -> refusals(hostLog).stream().anyMatch(line ->
                    line.contains("visitor: " + labs.labA + ":m-zoe (Zoé Visitor)") && line.contains("home lab: "
                            + labs.labA) && line.contains("reason: training-missing")));
        } finally {
            access.detachAppender(hostLog);
        }
    }

    private static List<String> refusals(ListAppender<ILoggingEvent> log) {
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.startsWith("a partner lab's visitor was refused")).toList();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aPassListFromALabThatIsNotAPartner_orForgedInAPartnersName_isRefusedAndCounted() throws Exception {
        labs.hostAddsHome();
        KeyPair stranger = Ed25519Keys.generate();
        String labZ = "stranger-" + labs.suffix;

        VisitorPasses unknown = labs.passesToHost(labZ, 1);
        node.publish(unknown.topic().toString(), new Signer(stranger.getPrivate()).sign(unknown), 1, false);
        VisitorPasses forged = labs.passesToHost(labs.labA, 1);
        node.publish(forged.topic().toString(), new Signer(stranger.getPrivate()).sign(forged), 1, false);

        await().atMost(PartnerLabs.GENEROUS).until(() -> labs.b().stats().rejectedCount(Rejection.UNKNOWN_PARTNER) >= 1
                && labs.b().stats().rejectedCount(Rejection.BAD_SIGNATURE) >= 1);
        assertThat(labs.securityEventsAtHost().toString())
                .contains(unknown.topic().toString(), "unknown-partner", "bad-signature");
        assertThat(labs.homeAtHost().get("passList").isNull()).as("the forged list was not kept").isTrue();
    }
}

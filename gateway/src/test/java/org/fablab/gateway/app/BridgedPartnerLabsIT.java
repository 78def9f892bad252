package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.fablab.gateway.adapter.mqtt.LabBroker;
import org.fablab.gateway.domain.CertificationView;
import org.fablab.gateway.service.NetworkService;
import org.fablab.gateway.service.VisitReceipts;
import org.fablab.protocol.Decision;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.Signer;
import org.fablab.protocol.network.NetworkTopic;
import org.fablab.protocol.network.VisitorPasses;
import org.fablab.provision.BridgeConf;
import org.fablab.provision.DynsecFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PartnerLabsIT}'s two labs as two real labs run them: each gateway on its own Mosquitto, set up by
 * {@code fablab provision} ({@link LabBroker}: TLS, Dynamic Security), logged in as the broker user and with the
 * settings of the environment file {@code provision mosquitto} wrote, and administering node users through the
 * plugin; A's broker bridged to B's by {@code provision bridge-user} and {@code provision bridge}. B's node logs in
 * to B's broker as the node user B's gateway made for it. The link is taken down by disabling the bridge's user at B,
 * as a partner's broker refusing it or a cut network would, while both gateways stay on their brokers.
 */
class BridgedPartnerLabsIT {
    private static final Logger LOG = LoggerFactory.getLogger(BridgedPartnerLabsIT.class);
    /** How soon after the link returns the host's node must have dropped a visitor revoked meanwhile. */
    private static final Duration AFTER_LINK_RETURNS = Duration.ofSeconds(10);
    private static final String OBSERVER_PASSWORD = "observer-password-0123";

    @TempDir
    Path folder;
    private PartnerLabs labs;
    private LabBroker brokerA;
    private LabBroker brokerB;
    private MqttClient node;
    private final List<MqttClient> clients = new ArrayList<>();
    private final ListAppender<ILoggingEvent> passLists = new ListAppender<>();
    private final ch.qos.logback.classic.Logger networkLog =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(NetworkService.class);
    private final ListAppender<ILoggingEvent> receiptLog = new ListAppender<>();
    private final ch.qos.logback.classic.Logger receiptLogger =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(VisitReceipts.class);

    @BeforeEach
    void twoLabs_eachOnItsOwnBroker_bridged() throws Exception {
        labs = new PartnerLabs(folder);
        brokerA = LabBroker.provision(folder.resolve("broker-a"), labs.labA);
        brokerB = LabBroker.provision(folder.resolve("broker-b"), labs.labB);
        brokerB.start();
        brokerA.bridgeTo(brokerB, brokerB.acceptBridgeFrom(labs.labA, folder.resolve("bridge-a.secret")));
        passLists.start();
        networkLog.addAppender(passLists);
        receiptLog.start();
        receiptLogger.addAppender(receiptLog);
        labs.start(gatewaySettings(brokerA), gatewaySettings(brokerB));
        String password = DynsecFile.randomPassword(new SecureRandom());
        labs.b().brokerAccounts().grantNode(PartnerLabs.NODE, password.toCharArray());
        node = connect(brokerB, PartnerLabs.NODE, password, PartnerLabs.NODE);
        labs.listenAsNode(node);
    }

    /** What an installer gives the gateway: the environment file, the broker's TLS url and the lab's CA. */
    private static Map<String, String> gatewaySettings(LabBroker broker) {
        Map<String, String> settings = new HashMap<>(broker.env());
        settings.put("FABLAB_MQTT_URL", broker.url());
        settings.put("FABLAB_MQTT_CA_FILE", broker.ca().toString());
        return settings;
    }

    @AfterEach
    void stop() throws Exception {
        networkLog.detachAppender(passLists);
        receiptLogger.detachAppender(receiptLog);
        for (MqttClient client : clients) {
            if (client.isConnected()) {
                client.disconnectForcibly(1_000);
            }
            client.close(true);
        }
        if (labs != null) {
            labs.close();
        }
        for (LabBroker broker : new LabBroker[] {brokerA, brokerB}) {
            if (broker != null) {
                broker.stop();
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aHomeMember_isAdmittedAcrossTheBridge_andARevocationWhileTheLinkIsDown_arrivesOnceWhenItReturns()
            throws Exception {
        CertificationView certification = labs.trainHomeMember();
        labs.becomePartners();
        labs.awaitVisitorAdmitted();
        assertThat(labs.askLive(node).decision()).isEqualTo(Decision.GRANTED);
        long admitting = labs.homeAtHost().get("passList").get("version").asLong();

        BlockingQueue<String> link = linkState();
        awaitState(link, "1");
        String bridgeUser = BridgeConf.clientId(labs.labA, labs.labB);
        brokerB.dynsec(List.of(LabBroker.command("disableClient").put("username", bridgeUser)));
        awaitState(link, "0");
        labs.revokeAtHome(certification);
        await().atMost(PartnerLabs.GENEROUS).until(() -> versions("pass list sent", labs.labB).size() >= 2);
        assertThat(labs.homeAtHost().get("passList").get("version").asLong())
                .as("the host holds the admitting list while the link is down").isEqualTo(admitting);

        brokerB.dynsec(List.of(LabBroker.command("enableClient").put("username", bridgeUser)));
        awaitState(link, "1");
        Instant returned = Instant.now();
        labs.awaitAcl(acl -> !labs.listsVisitor(acl));
        Duration took = Duration.between(returned, Instant.now());
        LOG.info("the host's node dropped the visitor revoked at home {} ms after the link returned",
                took.toMillis());
        assertThat(took).isLessThan(AFTER_LINK_RETURNS);

        List<Long> sent = versions("pass list sent", labs.labB);
        assertThat(versions("pass list received", labs.labA)).as("each version kept once, in order")
                .containsExactlyElementsOf(sent);
        assertThat(labs.homeAtHost().get("passList").get("version").asLong()).isEqualTo(sent.get(sent.size() - 1));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aPassListForgedInTheHomeLabsName_onTheHostsBroker_isRefusedAsBadSignature() throws Exception {
        labs.trainHomeMember();
        labs.becomePartners();
        labs.awaitVisitorAdmitted();
        long genuine = labs.homeAtHost().get("passList").get("version").asLong();
        String forgerPassword = DynsecFile.randomPassword(new SecureRandom());
        String homeToHost = NetworkTopic.fromTo(labs.labA, labs.labB);
        brokerB.addUser("forger", forgerPassword, List.of(new LabBroker.Acl("publishClientSend", homeToHost)));
        MqttClient forger = connect(brokerB, "forger", forgerPassword, "forger");
        KeyPair stranger = Ed25519Keys.generate();

        VisitorPasses forged = labs.passesToHost(labs.labA, genuine + 1);
        forger.publish(forged.topic().toString(), new Signer(stranger.getPrivate()).sign(forged), 1, false);

        await().atMost(PartnerLabs.GENEROUS).until(() -> labs.b().stats().rejectedCount(Rejection.BAD_SIGNATURE) >= 1);
        assertThat(labs.securityEventsAtHost().toString()).contains(forged.topic().toString(), "bad-signature");
        assertThat(labs.homeAtHost().get("passList").get("version").asLong()).as("the forged list was not kept")
                .isEqualTo(genuine);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void visitsAtTheHost_areBilledToTheHomeLab_receiptedOnceOnTheMemberAcrossALinkOutage_andBothLabsSettleAlike()
            throws Exception {
        labs.trainHomeMember();
        labs.becomePartners();
        labs.hostPricesItsPrinters();
        labs.awaitVisitorAdmitted();
        YearMonth lastMonth = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        Instant visits = lastMonth.atDay(10).atTime(14, 0).toInstant(ZoneOffset.UTC);
        labs.visitAtHost(node, "s-before", visits, Duration.ofMinutes(40));
        await().atMost(PartnerLabs.GENEROUS).until(() -> labs.homeMembersVisitCharges().size() == 1);

        BlockingQueue<String> link = linkState();
        awaitState(link, "1");
        String bridgeUser = BridgeConf.clientId(labs.labA, labs.labB);
        brokerB.dynsec(List.of(LabBroker.command("disableClient").put("username", bridgeUser)));
        awaitState(link, "0");
        for (int i = 1; i <= 3; i++) {
            labs.visitAtHost(node, "s-during-" + i, visits.plus(Duration.ofHours(i)), Duration.ofMinutes(20 * i));
        }
        await().atMost(PartnerLabs.GENEROUS).until(() -> logged(receiptLog, "receipt issued") == 4);
        assertThat(labs.homeMembersVisitCharges()).as("nothing crosses while the link is down").hasSize(1);
        brokerB.dynsec(List.of(LabBroker.command("enableClient").put("username", bridgeUser)));
        awaitState(link, "1");
        await().atMost(PartnerLabs.GENEROUS).until(() -> labs.homeMembersVisitCharges().size() == 4);

        String prefix = "visit:" + labs.labB + ":session:" + PartnerLabs.NODE + ":";
        assertThat(labs.homeMembersVisitCharges()).as("40, 20, 40 and 60 min in started quarter hours at 1.00")
                .containsExactlyInAnyOrder(prefix + "s-before 300", prefix + "s-during-1 200",
                        prefix + "s-during-2 300", prefix + "s-during-3 400");
        assertThat(logged(receiptLog, "receipt recorded")).as("each receipt recorded once at home").isEqualTo(4);

        labs.bothCloseTheMonth(lastMonth);
        await().atMost(PartnerLabs.GENEROUS).until(() -> labs.settlementAtHome(lastMonth).get("agrees").asBoolean()
                && labs.settlementAtHost(lastMonth).get("agrees").asBoolean());
        JsonNode home = labs.settlementAtHome(lastMonth);
        JsonNode host = labs.settlementAtHost(lastMonth);
        assertThat(home.get("statement").toString()).as("byte-identical statements")
                .isEqualTo(host.get("statement").toString());
        assertThat(home.get("hash").asText()).isEqualTo(host.get("hash").asText());
        assertThat(home.get("statement").get("visits")).hasSize(4);
        assertThat(home.get("statement").get("balances").get(0).toString()).isEqualTo("{\"currency\":\"EUR\","
                + "\"debtor\":\"" + labs.labA + "\",\"creditor\":\"" + labs.labB + "\",\"amountCents\":1200}");
    }

    private static long logged(ListAppender<ILoggingEvent> log, String what) {
        synchronized (log) {
            return log.list.stream().filter(event -> event.getMessage().startsWith(what)).count();
        }
    }

    /** The bridge's state as A's broker publishes it ("0" down, "1" up), read by an observer of A's. */
    private BlockingQueue<String> linkState() throws Exception {
        brokerA.addUser("observer", OBSERVER_PASSWORD,
                List.of(new LabBroker.Acl("subscribePattern", "$SYS/broker/connection/#")));
        BlockingQueue<String> states = new LinkedBlockingQueue<>();
        connect(brokerA, "observer", OBSERVER_PASSWORD, "observer").subscribe("$SYS/broker/connection/"
                + BridgeConf.clientId(labs.labA, labs.labB) + "/state", 1,
                (topic, message) -> states.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
        return states;
    }

    private static void awaitState(BlockingQueue<String> states, String wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(PartnerLabs.GENEROUS);
        while (Instant.now().isBefore(deadline)) {
            String state = states.poll(1, TimeUnit.SECONDS);
            if (wanted.equals(state)) {
                return;
            }
        }
        throw new AssertionError("the bridge's state did not become " + wanted + " within " + PartnerLabs.GENEROUS);
    }

    /** The versions of the pass lists NetworkService logged as {@code what} for {@code partner}, in order. */
    private List<Long> versions(String what, String partner) {
        synchronized (passLists) {
            return passLists.list.stream().filter(event -> event.getMessage().startsWith(what)
                            && partner.equals(event.getArgumentArray()[0]))
                    .map(event -> ((Number) event.getArgumentArray()[1]).longValue()).toList();
        }
    }

    private MqttClient connect(LabBroker broker, String user, String password, String clientId)
            throws MqttException {
        MqttClient client = broker.connect(user, password, clientId, true);
        clients.add(client);
        return client;
    }
}

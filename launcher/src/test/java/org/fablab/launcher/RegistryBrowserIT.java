package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.domain.NodeLifecycle;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeConfig;
import org.fablab.node.app.NodeHardware;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The machine registry and nodes pages in Debian's headless Chromium against a running demo lab: an admin adds a
 * machine that the board shows at once, declares and retires a node, reads a node's key history; retiring a demo
 * node there revokes its broker user, empties its retained ACL and shuts it out of ingestion; a fabmanager reads the
 * nodes without any form to change them.
 */
class RegistryBrowserIT extends DashboardBrowserTest {
    @Override
    String labPrefix() {
        return "registry-ui";
    }

    @Test
    void anAdmin_addsAMachineTheBoardShows_declaresANodeOnIt_andRetiresThatNode() throws Exception {
        signIn("admin");
        open("#/machine-registry", "machine-registry");
        wait.until(d -> ready("machine-registry"));
        browser.findElement(testId("registry-machine-id")).sendKeys("mill-1");
        browser.findElement(testId("registry-machine-name")).sendKeys("Shaper Origin");
        browser.findElement(testId("registry-machine-kind")).sendKeys("cnc");
        browser.findElement(testId("registry-machine-create-submit")).click();
        wait.until(d -> !d.findElements(machineRow("mill-1")).isEmpty());
        assertThat(browser.findElement(machineRow("mill-1")).getText()).contains("Shaper Origin");

        open("#/", "board");
        wait.until(d -> !d.findElements(By.cssSelector("[data-machine-id='mill-1']")).isEmpty());

        open("#/nodes", "nodes");
        wait.until(d -> ready("nodes"));
        String laserFingerprint = demo.gateway().registry().node("laser-1").fingerprint();
        assertThat(browser.findElement(nodeRow("laser-1")).findElement(testId("registry-node-fingerprint")).getText())
                .isEqualTo(laserFingerprint);
        browser.findElement(nodeRow("laser-1")).findElement(testId("registry-node-keys")).click();
        wait.until(d -> !d.findElements(By.cssSelector("[data-node-id='laser-1'] [data-testid='registry-key-row']"
                + "[data-current='true']")).isEmpty());

        browser.findElement(testId("registry-node-id")).sendKeys("mill-1");
        new Select(browser.findElement(testId("registry-node-machine")))
                .selectByValue("mill-1");
        browser.findElement(testId("registry-node-create-submit")).click();
        wait.until(d -> "pending".equals(state(d.findElements(nodeRow("mill-1")))));

        browser.findElement(nodeRow("mill-1")).findElement(testId("registry-node-retire-submit")).click();
        confirm();
        wait.until(d -> "retired".equals(state(d.findElements(nodeRow("mill-1")))));
        assertThat(demo.gateway().registry().node("mill-1").state()).isEqualTo(NodeLifecycle.RETIRED);
        chromium.screenshot("registry-nodes-admin.png");
    }

    @Test
    void retiringADemoNodeOnTheNodesPage_emptiesItsRetainedTopics_andRefusesItsNextMessageAsUnknownNode()
            throws Exception {
        // a lab whose name and broker port this test knows, to reach its broker as the nodes do
        demo.close();
        String lab = TestLabs.labId(labPrefix());
        int port = EmbeddedBrokerEndToEndIT.freePort();
        String url = "tcp://127.0.0.1:" + port;
        demo = TestLabs.onEmbeddedBroker(dataDir.resolve("own-lab"), lab, port);
        // printer-2 comes up again with a broker password the test knows, to try it once the node is retired
        demo.node("printer-2").close();
        String oldPassword = UUID.randomUUID().toString();
        demo.gateway().brokerAccounts().grantNode("printer-2", oldPassword.toCharArray());
        DemoKeys keys = DemoKeys.loadOrCreate(dataDir.resolve("own-lab").resolve("demo-keys.json"), DemoLab.nodeIds());
        try (MachineNode printer2 = MachineNode.start(NodeConfig.of(lab, "printer-2", url,
                        keys.nodes().get("printer-2").privateKey(), keys.gatewayPublicKey(), keys.labPepper(),
                        dataDir.resolve("printer-2")).withBroker(url, "printer-2", oldPassword),
                NodeHardware.simulated(), Clock.systemUTC())) {
            // its ACL came through its retained acl topic; it publishes its retained online status on connecting
            await().atMost(Duration.ofSeconds(20)).until(() -> printer2.isConnected()
                    && printer2.aclIssuedAt().isPresent());
            signIn("admin");
            open("#/nodes", "nodes");
            wait.until(d -> ready("nodes"));

            browser.findElement(nodeRow("printer-2")).findElement(testId("registry-node-retire-reason"))
                    .sendKeys("stolen");
            browser.findElement(nodeRow("printer-2")).findElement(testId("registry-node-retire-submit")).click();
            confirm();
            wait.until(d -> "retired".equals(state(d.findElements(nodeRow("printer-2")))));

            // its broker user is revoked: dropped at once, and its login refused
            await().atMost(Duration.ofSeconds(5)).until(() -> !printer2.isConnected());
            assertThatThrownBy(() -> connect(url, "printer-2", oldPassword).close())
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat((int) e.getReasonCode()).isIn(
                            (int) MqttException.REASON_CODE_NOT_AUTHORIZED,
                            (int) MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        }

        // only the gateway may read a node's status topic; a node user may read its own acl: printer-1's, a node
        // left in service, still holds its ACL, and printer-2's is empty
        assertThat(retainedAcl(lab, url, "printer-1")).as("printer-1's retained acl").isTrue();
        // printer-2's login given back for the test, as if the broker had let the retired node in: no ACL waits for
        // it, and ingestion refuses what it sends as from an unknown node
        MqttClient retired = connect(url, "printer-2", grantFresh("printer-2"));
        try {
            assertThat(hasRetained(retired, Topic.of(lab, "printer-2", Channel.ACL))).as("printer-2's retained acl")
                    .isFalse();
            NodeEvent booted = NodeEvent.of(lab, "printer-2", Instant.now(), 1, UUID.randomUUID().toString(),
                    new EventData.NodeBooted("retired", 0));
            retired.publish(booted.topic().toString(), new Signer(Ed25519Keys.privateKey(
                    keys.nodes().get("printer-2").privateKey())).sign(booted), 1, false);
        } finally {
            retired.disconnect();
            retired.close();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> demo.gateway().store().securityEvents(100).stream()
                .anyMatch(e -> "printer-2".equals(e.node()) && e.reason() == Rejection.UNKNOWN_NODE));
    }

    /** A new broker password for {@code node}'s user; the node's own connection, if any, is dropped. */
    private String grantFresh(String node) {
        String password = UUID.randomUUID().toString();
        demo.gateway().brokerAccounts().grantNode(node, password.toCharArray());
        return password;
    }

    private static MqttClient connect(String url, String node, String password) throws MqttException {
        MqttClient client = new MqttClient(url, node, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setUserName(node);
        options.setPassword(password.toCharArray());
        options.setConnectionTimeout(5);
        try {
            client.connect(options);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** Whether {@code node}'s acl topic holds a retained ACL, read as the node's own user with a fresh password. */
    private boolean retainedAcl(String lab, String url, String node) throws Exception {
        MqttClient reader = connect(url, node, grantFresh(node));
        try {
            return hasRetained(reader, Topic.of(lab, node, Channel.ACL));
        } finally {
            reader.disconnect();
            reader.close();
        }
    }

    /** Whether a new subscription to {@code topic} gets a retained, non-empty message within a second. */
    private static boolean hasRetained(MqttClient client, Topic topic) throws Exception {
        AtomicBoolean retained = new AtomicBoolean();
        client.subscribe(topic.toString(), 1, (name, message) -> {
            if (message.isRetained() && message.getPayload().length > 0) {
                retained.set(true);
            }
        });
        Thread.sleep(1_000);
        return retained.get();
    }

    @Test
    void aFabmanager_readsTheNodes_butIsOfferedNoChange() throws Exception {
        signIn("fabmanager");
        open("#/nodes", "nodes");
        wait.until(d -> ready("nodes"));

        assertThat(browser.findElements(testId("registry-node-row"))).hasSize(demo.nodeIds().size());
        assertThat(browser.findElements(testId("registry-node-retire-form"))).isEmpty();
        assertThat(browser.findElements(testId("registry-node-create-form"))).isEmpty();
        assertThat(browser.findElements(testId("enrollment-form"))).isEmpty();
        open("#/machine-registry", "machine-registry");
        wait.until(d -> ready("machine-registry"));
        assertThat(browser.findElements(testId("registry-machine-create-form"))).isEmpty();
        chromium.screenshot("registry-nodes-fabmanager.png");
    }

    private static By machineRow(String id) {
        return By.cssSelector("[data-testid='registry-machine-row'][data-machine-id='" + id + "']");
    }

    private static By nodeRow(String id) {
        return By.cssSelector("[data-testid='registry-node-row'][data-node-id='" + id + "']");
    }

    /** The row's state, or none while the page draws it again (a live change re-renders the list). */
    private static String state(List<WebElement> rows) {
        try {
            return rows.isEmpty() ? null : rows.get(0).getAttribute("data-state");
        } catch (StaleElementReferenceException redrawn) {
            return null;
        }
    }
}

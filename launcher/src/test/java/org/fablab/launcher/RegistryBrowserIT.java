package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.domain.NodeLifecycle;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The machine registry and nodes pages in Debian's headless Chromium against a running demo lab: an admin adds a
 * machine that the board shows at once, declares and retires a node, reads a node's key history; retiring a demo
 * node there empties its retained topics and shuts it out of ingestion; a fabmanager reads the nodes without any form to change them.
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
        wait.until(d -> "retired".equals(state(d.findElements(nodeRow("mill-1")))));
        assertThat(demo.gateway().registry().node("mill-1").state()).isEqualTo(NodeLifecycle.RETIRED);
        chromium.screenshot("registry-nodes-admin.png");
    }

    @Test
    void retiringADemoNodeOnTheNodesPage_emptiesItsRetainedTopics_andRefusesItsNextMessageAsUnknownNode()
            throws Exception {
        // a lab whose name and broker port this test knows, to read the broker's retained topics
        demo.close();
        String lab = TestLabs.labId(labPrefix());
        int port = EmbeddedBrokerEndToEndIT.freePort();
        demo = TestLabs.onEmbeddedBroker(dataDir.resolve("own-lab"), lab, port);
        await().atMost(Duration.ofSeconds(20)).until(() -> retained(lab, port, "printer-2")
                .containsAll(Set.of("acl", "status")));
        signIn("admin");
        open("#/nodes", "nodes");
        wait.until(d -> ready("nodes"));

        browser.findElement(nodeRow("printer-2")).findElement(testId("registry-node-retire-reason")).sendKeys("stolen");
        browser.findElement(nodeRow("printer-2")).findElement(testId("registry-node-retire-submit")).click();
        wait.until(d -> "retired".equals(state(d.findElements(nodeRow("printer-2")))));

        assertThat(retained(lab, port, "printer-2")).as("retained acl and status of the retired node").isEmpty();
        assertThat(retained(lab, port, "printer-1")).containsAll(Set.of("acl", "status"));
        DemoLab.Member alice = TestLabs.member("m-alice");
        demo.reader("printer-2").present(alice.badgeType(), alice.badgeUid());
        await().atMost(Duration.ofSeconds(20)).until(() -> demo.gateway().store().securityEvents(100).stream()
                .anyMatch(e -> "printer-2".equals(e.node()) && e.reason() == Rejection.UNKNOWN_NODE));
    }

    /** The channels of {@code node} with a retained message on the broker, as a new subscriber gets them. */
    private static Set<String> retained(String lab, int port, String node) throws Exception {
        Set<String> channels = ConcurrentHashMap.newKeySet();
        MqttClient watcher = new MqttClient("tcp://127.0.0.1:" + port, "watch-" + UUID.randomUUID(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        watcher.connect(options);
        try {
            for (Channel channel : List.of(Channel.ACL, Channel.STATUS)) {
                watcher.subscribe(Topic.of(lab, node, channel).toString(), 1, (topic, message) -> {
                    if (message.isRetained() && message.getPayload().length > 0) {
                        channels.add(channel.suffix());
                    }
                });
            }
            Thread.sleep(1_000);
        } finally {
            watcher.disconnect();
            watcher.close();
        }
        return channels;
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

    private static String state(List<WebElement> rows) {
        return rows.isEmpty() ? null : rows.get(0).getAttribute("data-state");
    }
}

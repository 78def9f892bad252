package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeCommand;
import org.fablab.node.app.NodeConfigLoader;
import org.fablab.node.app.NodeHardware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import picocli.CommandLine;

/**
 * A node put into service from the dashboard in Debian's headless Chromium: an admin adds a machine on the machine
 * registry page and creates an enrollment for a new node on it on the nodes page, reads the token and its QR code
 * there; {@code fablab-node enroll} redeems that token as an installer would on the Pi, and the node started from the
 * written files shows on the nodes page as active with the key fingerprint the Pi printed, seen with its software
 * version, and online on the board.
 */
class EnrollmentBrowserIT extends DashboardBrowserTest {
    private static final String FINGERPRINT_LINE = "key fingerprint: ";

    @TempDir
    Path pi;

    @Override
    String labPrefix() {
        return "enroll-ui";
    }

    @Test
    void anAdmin_enrollsANodeForANewMachine_andSeesItActiveWithThePisFingerprint_andOnline() throws Exception {
        signIn("admin");
        open("#/machine-registry", "machine-registry");
        wait.until(d -> ready("machine-registry"));
        browser.findElement(testId("registry-machine-id")).sendKeys("lathe-1");
        browser.findElement(testId("registry-machine-name")).sendKeys("Metal lathe");
        browser.findElement(testId("registry-machine-kind")).sendKeys("lathe");
        browser.findElement(testId("registry-machine-create-submit")).click();
        wait.until(d -> !d.findElements(machineRow("lathe-1")).isEmpty());

        open("#/nodes", "nodes");
        wait.until(d -> ready("nodes"));
        assertThat(browser.findElements(nodeRow("lathe-1"))).isEmpty();
        browser.findElement(testId("enrollment-node")).sendKeys("lathe-1");
        new Select(browser.findElement(testId("enrollment-machine"))).selectByValue("lathe-1");
        browser.findElement(testId("enrollment-submit")).click();
        wait.until(d -> d.findElement(testId("enrollment-result")).isDisplayed()
                && !d.findElement(testId("enrollment-token")).getText().isBlank());
        String token = browser.findElement(testId("enrollment-token")).getText().strip();
        WebElement qr = browser.findElement(By.cssSelector("[data-testid='enrollment-qr'] > svg"));
        assertThat(qr.isDisplayed()).isTrue();
        assertThat(qr.getSize().getWidth()).isPositive();
        assertThat(browser.findElements(By.cssSelector("[data-testid='enrollment-qr'] svg rect, "
                + "[data-testid='enrollment-qr'] svg path"))).as("the QR code's modules").isNotEmpty();
        assertThat(browser.findElement(testId("enrollment-qr")).getText()).doesNotContain(token);
        chromium.screenshot("enrollment-token.png");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new NodeCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int enrolled = cli.execute("enroll", "--gateway", baseUrl(), "--token", token, "--dir", pi.toString(),
                "--data-dir", pi.resolve("data").toString());
        assertThat(enrolled).as(err.toString()).isZero();
        String fingerprint = out.toString().lines().filter(l -> l.startsWith(FINGERPRINT_LINE)).findFirst()
                .orElseThrow().substring(FINGERPRINT_LINE.length()).split(" ")[0];

        // enrolled but not yet started: active with the Pi's key, never seen
        browser.navigate().refresh();
        wait.until(d -> ready("nodes"));
        WebElement row = browser.findElement(nodeRow("lathe-1"));
        assertThat(row.getAttribute("data-state")).isEqualTo("active");
        assertThat(row.findElement(testId("registry-node-fingerprint")).getText()).isEqualTo(fingerprint);
        String neverSeen = cells(row).get(4).getText();
        assertThat(neverSeen).isEqualTo("Not since the gateway started");
        open("#/", "board");
        wait.until(d -> !d.findElements(card("lathe-1")).isEmpty());
        assertThat(browser.findElement(card("lathe-1")).getAttribute("data-node-online")).isEqualTo("false");

        try (MachineNode node = MachineNode.start(NodeConfigLoader.load(pi.resolve("node.yaml"), Map.of()),
                NodeHardware.simulated(), Clock.systemUTC())) {
            // the board is live: its card turns online without a reload once the node's status arrives
            wait.until(d -> "true".equals(d.findElement(card("lathe-1")).getAttribute("data-node-online")));
            assertThat(browser.findElement(card("lathe-1")).findElement(By.cssSelector("[data-field='node']"))
                    .getAttribute("data-online")).isEqualTo("true");

            open("#/nodes", "nodes");
            wait.until(d -> ready("nodes"));
            WebElement seen = browser.findElement(nodeRow("lathe-1"));
            assertThat(seen.getAttribute("data-state")).isEqualTo("active");
            assertThat(seen.findElement(testId("registry-node-fingerprint")).getText()).isEqualTo(fingerprint);
            assertThat(cells(seen).get(4).getText()).isNotBlank().isNotEqualTo(neverSeen);
            assertThat(cells(seen).get(5).getText()).as("software version").isNotBlank();
            chromium.screenshot("enrollment-node-online.png");
        }
    }

    private static By machineRow(String id) {
        return By.cssSelector("[data-testid='registry-machine-row'][data-machine-id='" + id + "']");
    }

    private static By nodeRow(String id) {
        return By.cssSelector("[data-testid='registry-node-row'][data-node-id='" + id + "']");
    }

    private static By card(String machineId) {
        return By.cssSelector(".card[data-machine-id='" + machineId + "']");
    }

    /** The row's cells in the nodes table's column order: id, machine, status, fingerprint, last seen, software. */
    private static List<WebElement> cells(WebElement row) {
        return row.findElements(By.xpath("./td"));
    }
}

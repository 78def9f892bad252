package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.fablab.node.adapter.sim.SimulatedIndicator;
import org.fablab.node.domain.Signal;
import org.fablab.protocol.MachineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The management pages in Debian's headless Chromium against a running demo lab: a fabmanager's
 * whole path from a new member to that member's badge powering a printer, hostile member names
 * shown literally, a maker confined to their own page, every page of every role rendering the
 * real API's answers, and the French catalogue on the members page.
 */
class AccessBrowserIT extends DashboardBrowserTest {
    private static final String HOSTILE_NAME = "Robert'); DROP TABLE members;-- <script>window.__xss=1</script>"
            + "<img src=x onerror=\"window.__xss=2\">";

    @Override
    String labPrefix() {
        return "access-ui";
    }

    @Test
    void aFabmanager_forcesTheLaserOffOnlyWithAReasonAndAConfirmation_andMakesItsNodeIdentifyItself() throws Exception {
        DemoLab.Member alice = TestLabs.member("m-alice");
        // the fail-closed laser denies every badge until its first ACL arrives, which a busy machine delays
        await().atMost(Duration.ofSeconds(20)).until(() -> demo.node("laser-1").aclIssuedAt().isPresent());
        demo.reader("laser-1").present(alice.badgeType(), alice.badgeUid());
        await().atMost(Duration.ofSeconds(20)).until(() -> demo.node("laser-1").state() == MachineState.ACTIVE);
        signIn("fabmanager");
        open("#/machines", "machines");
        wait.until(d -> ready("machines"));
        // The page re-renders on live updates: each step finds the laser's row afresh and starts over if it went stale.
        boolean refusedUnconfirmed = onLaserRow(row -> {
            WebElement reason = row.findElement(testId("command-force-off-reason"));
            reason.clear();
            reason.sendKeys("smoke from the bed");
            row.findElement(testId("command-force-off")).click();
            return row.findElement(By.cssSelector("[data-testid='command-force-off-form'] [data-error-for='confirm']"))
                    .isDisplayed();
        });
        assertThat(refusedUnconfirmed).isTrue();
        assertThat(demo.node("laser-1").state()).isEqualTo(MachineState.ACTIVE);
        onLaserRow(row -> {
            WebElement reason = row.findElement(testId("command-force-off-reason"));
            reason.clear();
            reason.sendKeys("smoke from the bed");
            WebElement confirm = row.findElement(testId("command-force-off-confirm"));
            if (!confirm.isSelected()) {
                confirm.click();
            }
            row.findElement(testId("command-force-off")).click();
            return true;
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> demo.node("laser-1").state() == MachineState.IDLE);
        onLaserRow(row -> {
            row.findElement(testId("command-identify")).click();
            return true;
        });
        SimulatedIndicator indicator = (SimulatedIndicator) demo.hardware("laser-1").indicator();
        await().atMost(Duration.ofSeconds(20)).until(() -> indicator.shown().contains(Signal.IDENTIFY));
        chromium.screenshot("access-node-commands.png");
    }

    private <T> T onLaserRow(Function<WebElement, T> step) {
        return wait.until(d ->
                step.apply(d.findElement(By.cssSelector("[data-testid='machine-row'][data-machine-id='laser-1']"))));
    }

    @Test
    void aFabmanager_createsAMember_enrollsTheirBadgeAtANode_grantsThePrinterTrainings_andTheBadgeStartsThePrinter()
            throws Exception {
        signIn("fabmanager");
        assertThat(route()).isEqualTo("members");
        List<String> required = requiredTrainingNames("printer-1");
        assertThat(required).isNotEmpty();

        open("#/members", "members");
        wait.until(d -> ready("members"));
        browser.findElement(testId("member-create-name")).sendKeys("Farid Benali");
        browser.findElement(testId("member-create-email")).sendKeys("farid@example.org");
        browser.findElement(testId("member-create-submit")).click();
        wait.until(d -> "member".equals(route()) && ready("member"));
        assertThat(detail("name")).isEqualTo("Farid Benali");

        new Select(browser.findElement(testId("enroll-node-select"))).selectByValue("printer-1");
        browser.findElement(testId("enroll-node-submit")).click();
        wait.until(d -> "waiting".equals(d.findElement(testId("enroll-node-status")).getAttribute("data-state")));
        String uid = "04" + HexFormat.of().withUpperCase().formatHex(randomBytes(6));
        demo.reader("printer-1").present("mifare-uid", uid);
        wait.until(d -> "done".equals(d.findElement(testId("enroll-node-status")).getAttribute("data-state")));
        wait.until(d -> d.findElements(By.cssSelector("[data-testid='badge-row'][data-badge-status='active']")).size() == 1);

        for (String training : required) {
            new Select(browser.findElement(testId("certification-grant-training"))).selectByVisibleText(training);
            int before = validCertifications().size();
            browser.findElement(testId("certification-grant-submit")).click();
            wait.until(d -> validCertifications().size() == before + 1);
        }
        assertThat(validCertifications()).extracting(row -> row.findElement(By.tagName("td")).getText())
                .containsExactlyInAnyOrderElementsOf(required);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            demo.reader("printer-1").present("mifare-uid", uid);
            await().atMost(Duration.ofSeconds(5)).until(() -> demo.node("printer-1").state() == MachineState.ACTIVE);
        });
        open("#/", "board");
        wait.until(d -> "active".equals(d.findElement(By.cssSelector("[data-machine-id='printer-1']"))
                .getAttribute("data-state")));
        assertThat(browser.findElement(By.cssSelector("[data-machine-id='printer-1'] [data-field='member']")).getText())
                .isEqualTo("Farid Benali");
        chromium.screenshot("access-enroll-grant-printer.png");
    }

    @Test
    void hostileMemberNames_areShownLiterally_andNeverRun() throws Exception {
        signIn("fabmanager");
        browser.findElement(testId("member-create-name")).sendKeys(HOSTILE_NAME);
        browser.findElement(testId("member-create-email")).sendKeys("robert@example.org");
        browser.findElement(testId("member-create-submit")).click();
        wait.until(d -> "member".equals(route()) && ready("member"));
        assertThat(detail("name")).isEqualTo(HOSTILE_NAME);
        assertThat(browser.findElement(By.cssSelector("[data-testid='member-panel'] h2")).getText())
                .isEqualTo(HOSTILE_NAME);
        chromium.screenshot("access-hostile-member.png");

        open("#/members?q=Robert", "members");
        wait.until(d -> ready("members")
                && d.findElements(By.cssSelector("[data-testid='member-row'] [data-testid='member-link']")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("[data-testid='member-row'] [data-testid='member-link']"))
                .getText()).isEqualTo(HOSTILE_NAME);
        open("#/members", "members");
        wait.until(d -> ready("members") && d.findElements(By.cssSelector("[data-testid='member-row']")).size() == 6);
        assertThat(browser.findElements(By.cssSelector("[data-testid='member-link']"))).extracting(WebElement::getText)
                .contains(HOSTILE_NAME, "Alice Martin");
        chromium.screenshot("access-hostile-members.png");

        assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.__xss")).isEqualTo("undefined");
        assertThat(browser.findElements(By.cssSelector("#page script, #page img"))).isEmpty();
    }

    @Test
    void aMaker_seesOnlyTheirOwnPage_andAnotherMembersPageIsForbidden() throws Exception {
        DemoLab.Member alice = TestLabs.member("m-alice");
        DemoLab.Member david = TestLabs.member("m-david");
        browser.get(baseUrl() + "/?lang=en#/");
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-live")));
        demo.reader("printer-1").present(alice.badgeType(), alice.badgeUid());
        demo.reader("printer-2").present(david.badgeType(), david.badgeUid());
        wait.until(d -> d.findElements(By.cssSelector("[data-machine-id^='printer-'][data-state='active']")).size() == 2);

        signIn("maker");

        assertThat(route()).isEqualTo("me");
        assertThat(browser.findElement(By.cssSelector("[data-testid='me-details'] [data-field='username']")).getText())
                .isEqualTo("maker");
        assertThat(browser.findElements(By.cssSelector("[data-testid='certification-row']")))
                .extracting(row -> row.getAttribute("data-training-id"))
                .containsExactlyInAnyOrder("laser-safety", "laser-cutting", "printing-3d");
        assertThat(browser.findElements(By.cssSelector("[data-testid='badge-row']"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("[data-testid='session-row']"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("[data-testid='session-row']")).getText()).contains("Prusa MK4 #1");
        assertThat(browser.findElements(By.cssSelector("[data-testid='certification-grant-form'], "
                + "[data-testid='certification-revoke-form'], [data-testid='badge-enroll-form']"))).isEmpty();
        for (String hidden : List.of("nav-members", "nav-trainings", "nav-audit")) {
            assertThat(browser.findElement(testId(hidden)).isDisplayed()).as(hidden).isFalse();
        }
        chromium.screenshot("access-maker-me.png");

        open("#/members/m-bruno", "member");
        wait.until(d -> !d.findElements(testId("page-forbidden")).isEmpty());
        assertThat(browser.findElements(testId("member-details"))).isEmpty();
        chromium.screenshot("access-maker-forbidden.png");
    }

    @Test
    void aTrainer_mayGrantOnlyTheTrainingsTheyTrain_andNeverToThemselves() throws Exception {
        signIn("trainer");
        open("#/members/m-emma", "member");
        wait.until(d -> ready("member"));
        assertThat(new Select(browser.findElement(testId("certification-grant-training"))).getOptions())
                .extracting(option -> option.getAttribute("value"))
                .containsExactlyInAnyOrder("laser-safety", "laser-cutting", "printing-3d");

        open("#/members/m-chloe", "member");
        wait.until(d -> ready("member") && "Chloé Dubois".equals(detail("name")));
        assertThat(browser.findElements(By.cssSelector("[data-testid='certification-row']"))).hasSize(3);
        assertThat(browser.findElements(testId("certification-grant-form"))).isEmpty();
    }

    @Test
    void aTrainer_isOfferedWhatTheirRolesPermissionsAllow_remindersIncluded() throws Exception {
        signIn("trainer");
        List<String> shown = browser.findElements(By.cssSelector("nav a[data-nav]")).stream()
                .filter(WebElement::isDisplayed).map(link -> link.getAttribute("data-nav")).toList();
        assertThat(shown).contains("members", "trainings", "machines").doesNotContain("audit", "ledger", "exports");

        open("#/trainings", "trainings");
        wait.until(d -> ready("trainings"));
        assertThat(browser.findElements(testId("reminders-panel"))).hasSize(1);
        assertThat(browser.findElements(testId("training-create-form"))).isEmpty();
    }

    @Test
    void theMembersPage_switchesToFrench() throws Exception {
        signIn("treasurer");
        assertThat(route()).isEqualTo("members");
        String englishTitle = browser.findElement(By.id("page-title")).getText();
        String englishHeader = browser.findElement(By.cssSelector("[data-testid='member-list'] th")).getText();

        browser.findElement(By.cssSelector("button[data-lang='fr']")).click();

        wait.until(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang")) && ready("members"));
        assertThat(browser.findElement(By.id("page-title")).getText()).isNotBlank().isNotEqualTo(englishTitle);
        assertThat(browser.findElement(By.cssSelector("[data-testid='member-list'] th")).getText())
                .isNotBlank().isNotEqualTo(englishHeader);
        assertThat(browser.findElements(By.cssSelector("[data-testid='member-link']"))).extracting(WebElement::getText)
                .contains("Chloé Dubois");
        assertThat(browser.findElement(By.cssSelector("[data-testid='member-row'][data-member-id='m-alice']")).getText())
                .contains("Actif");
        chromium.screenshot("access-members-fr.png");
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "fabmanager", "treasurer", "trainer", "maker"})
    void everyPageARoleMayOpen_rendersTheGatewaysAnswers(String username) throws Exception {
        signIn(username);
        Map<String, String> pages = new LinkedHashMap<>();
        for (WebElement link : browser.findElements(By.cssSelector("nav a[data-nav]"))) {
            String route = link.getAttribute("data-nav");
            if (link.isDisplayed() && !route.equals("board") && !route.equals("login")) {
                pages.put("#/" + route, route);
            }
        }
        if (pages.containsValue("members")) {
            pages.put("#/members/m-alice", "member");
        }
        if (pages.containsValue("trainings")) {
            pages.put("#/trainings/laser-cutting", "training");
        }
        assertThat(pages.values()).contains("machines", "me");

        for (Map.Entry<String, String> page : pages.entrySet()) {
            open(page.getKey(), page.getValue());
            wait.until(d -> ready(page.getValue()) || !d.findElements(testId("page-error")).isEmpty());
            assertThat(browser.findElements(testId("page-error"))).as(username + " on " + page.getKey()).isEmpty();
            assertThat(browser.findElements(testId("page-forbidden"))).as(username + " on " + page.getKey()).isEmpty();
            chromium.screenshot("access-" + username + "-" + page.getKey().substring(2).replace('/', '-') + ".png");
        }
    }

    private List<String> requiredTrainingNames(String machine) {
        open("#/machines", "machines");
        wait.until(d -> ready("machines"));
        String names = browser.findElement(By.cssSelector("[data-testid='machine-row'][data-machine-id='" + machine
                + "'] [data-testid='machine-required-trainings']")).getText();
        return List.of(names.split(", "));
    }

    private List<WebElement> validCertifications() {
        return browser.findElements(By.cssSelector("[data-testid='certification-row'][data-status='valid']"));
    }

    private String detail(String field) {
        return browser.findElement(By.cssSelector("[data-testid='member-details'] [data-field='" + field + "']")).getText();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}

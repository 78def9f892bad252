package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The main job of each role done for real in Chromium, in English and French, on a phone (390 px) and a laptop
 * (1366 px): the maker sees the board, whether they may use each machine, and their sessions and balance; the trainer
 * certifies a member; the fab manager enrols a badge and revokes then renews a certification; the treasurer closes a
 * month, issues its statements and downloads an export; the admin invites an account that is then taken up; the
 * board opens the impact report. Each step asserts what it changed on screen and leaves a screenshot under
 * {@code target/screenshots/jobs/<role>-<job>-<step>-<lang>-<width>.png}.
 *
 * <p>One lab and one browser for the whole class (each job is repeated four times, so what it creates is made
 * unique per screen); elements are found by their {@code data-testid} and data attributes, never by their text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MainJobsBrowserIT extends DashboardBrowserTest {
    private static final String BOARD = "board";
    private static final String BOARD_PASSWORD = "board-reads-2026";
    private static final List<Screen> SCREENS = List.of(new Screen("en", 390), new Screen("en", 1366),
            new Screen("fr", 390), new Screen("fr", 1366));
    /** Buttons that confirm an action in a dialog the page may open before a destructive step. */
    private static final By CONFIRM = By.cssSelector("dialog[open] [data-confirm], dialog[open] [data-testid$='-yes'], "
            + "dialog[open] button[value='confirm'], [role='alertdialog'] [data-confirm]");

    /** A language and a screen width. */
    record Screen(String lang, int width) {
        /** Its place in {@link #SCREENS}, so a job repeated on each screen can make what it creates unique. */
        int index() {
            return SCREENS.indexOf(this);
        }

        @Override
        public String toString() {
            return lang + "-" + width;
        }
    }

    @Override
    String labPrefix() {
        return "jobs";
    }

    /** Replaces the lab per test of the base class: this class starts one lab for all of its jobs. */
    @Override
    void startLabAndBrowser() {
    }

    /** Replaces the per-test stop of the base class: the lab stops once, after all jobs. */
    @Override
    void stopLabAndBrowser() {
    }

    @BeforeAll
    void startOneLab_withABoardAccount_andASessionOfTheMaker(@TempDir Path labData) throws Exception {
        dataDir = labData;
        super.startLabAndBrowser();
        wait.ignoring(StaleElementReferenceException.class);
        assertThat(new DemoApi(demo.gateway().httpPort(), "admin").post("/api/v1/accounts", "{\"username\":\"" + BOARD
                + "\",\"password\":\"" + BOARD_PASSWORD + "\",\"role\":\"board\"}").statusCode()).isEqualTo(201);
        useMachine("printer-1", TestLabs.member("m-alice"), Duration.ofSeconds(1));
    }

    @AfterAll
    void stopTheLab() {
        super.stopLabAndBrowser();
    }

    @BeforeEach
    void signedOut() {
        if (browser.findElements(testId("logout")).stream().anyMatch(WebElement::isDisplayed)) {
            signOut();
        }
    }

    static Stream<Screen> screens() {
        return SCREENS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("screens")
    void maker_seesTheBoard_whetherTheyMayUseEachMachine_andTheirSessionsAndBalance(Screen screen) throws IOException {
        signInOn(screen, "maker", DemoLab.DEMO_PASSWORD);
        open("#/", "board");
        wait.until(d -> !d.findElements(By.cssSelector("[data-list='machines'] [data-machine-id]")).isEmpty());
        shot(screen, "maker-use-board", null);

        open("#/machines", "machines");
        wait.until(d -> ready("machines"));
        By printerForYou = By.cssSelector("[data-testid='machine-row'][data-machine-id='printer-1'] "
                + "[data-testid='machine-for-you']");
        wait.until(d -> "true".equals(d.findElement(printerForYou).getAttribute("data-may-use")));
        shot(screen, "maker-use-machines", browser.findElement(printerForYou));

        open("#/me", "me");
        wait.until(d -> ready("me"));
        WebElement session = browser.findElement(By.cssSelector("[data-testid='session-row'][data-session-state='ended']"));
        assertThat(browser.findElement(testId("me-balance")).getAttribute("data-cents")).isNotBlank();
        shot(screen, "maker-use-sessions", session);
        shot(screen, "maker-use-balance", browser.findElement(testId("me-balance")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("screens")
    void trainer_certifiesAMemberOnAMachinesTraining(Screen screen) throws IOException {
        signInOn(screen, "trainer", DemoLab.DEMO_PASSWORD);
        open("#/members/m-david", "member");
        wait.until(d -> ready("member"));
        By lasers = By.cssSelector("[data-testid='certification-row'][data-training-id='laser-safety'][data-status='valid']");
        int before = browser.findElements(lasers).size();
        new Select(browser.findElement(testId("certification-grant-training"))).selectByValue("laser-safety");
        shot(screen, "trainer-certify-form", browser.findElement(testId("certification-grant-form")));
        browser.findElement(testId("certification-grant-submit")).click();
        wait.withMessage(() -> formError("certification-grant-form"))
                .until(d -> confirmIfAsked() && d.findElements(lasers).size() == before + 1);
        shot(screen, "trainer-certify-done", browser.findElement(lasers));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("screens")
    void fabmanager_enrolsABadge_andRevokesThenRenewsACertification(Screen screen) throws IOException {
        signInOn(screen, "fabmanager", DemoLab.DEMO_PASSWORD);
        open("#/members/m-david", "member");
        wait.until(d -> ready("member"));
        String uid = "04F0CA5E0000" + String.format("%02X", screen.index());
        browser.findElement(testId("badge-enroll-uid")).sendKeys(uid);
        shot(screen, "fabmanager-badge-form", browser.findElement(testId("badge-enroll-form")));
        browser.findElement(testId("badge-enroll-submit")).click();
        By badge = By.xpath("//*[@data-testid='badge-row'][@data-badge-status='active']"
                + "[.//*[@data-testid='badge-uid'][normalize-space()='" + uid + "']]");
        wait.withMessage(() -> formError("badge-enroll-form"))
                .until(d -> confirmIfAsked() && !d.findElements(badge).isEmpty());
        shot(screen, "fabmanager-badge-enrolled", browser.findElement(badge));

        By printing = By.cssSelector("[data-testid='certification-row'][data-training-id='printing-3d']");
        By validPrinting = By.cssSelector("[data-testid='certification-row'][data-training-id='printing-3d']"
                + "[data-status='valid']");
        int revokedBefore = revoked(printing);
        WebElement valid = browser.findElement(validPrinting);
        valid.findElement(testId("certification-revoke-reason")).sendKeys("badge misuse " + screen);
        valid.findElement(testId("certification-revoke")).click();
        wait.withMessage(() -> formError("certification-revoke-form"))
                .until(d -> confirmIfAsked() && d.findElements(validPrinting).isEmpty() && revoked(printing) == revokedBefore + 1);
        shot(screen, "fabmanager-training-revoked", browser.findElement(testId("certification-list")));

        new Select(browser.findElement(testId("certification-grant-training"))).selectByValue("printing-3d");
        browser.findElement(testId("certification-grant-submit")).click();
        wait.withMessage(() -> formError("certification-grant-form"))
                .until(d -> confirmIfAsked() && d.findElements(validPrinting).size() == 1);
        assertThat(revoked(printing)).isEqualTo(revokedBefore + 1);
        shot(screen, "fabmanager-training-renewed", browser.findElement(validPrinting));
    }

    /**
     * Each screen closes a month of its own, oldest first (a closed month stays closed), the last one the previous
     * month.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("screens")
    void treasurer_closesAMonth_issuesItsStatements_andDownloadsAnExport(Screen screen) throws IOException {
        String month = YearMonth.now(ZoneOffset.UTC).minusMonths(SCREENS.size() - screen.index()).toString();
        signInOn(screen, "treasurer", DemoLab.DEMO_PASSWORD);
        open("#/periods", "periods");
        wait.until(d -> ready("periods"));
        setValue("period-close-month", month);
        browser.findElement(testId("period-close-confirm")).click();
        shot(screen, "treasurer-close-form", browser.findElement(testId("period-close-form")));
        browser.findElement(testId("period-close-submit")).click();
        wait.withMessage(() -> formError("period-close-form")).until(d -> confirmIfAsked()
                && month.equals(d.findElement(testId("periods-closed-through")).getAttribute("data-month")));
        shot(screen, "treasurer-close-done", browser.findElement(
                By.cssSelector("[data-testid='period-row'][data-month='" + month + "']")));

        setValue("statements-issue-month", month);
        browser.findElement(testId("statements-issue-submit")).click();
        wait.withMessage(() -> formError("statements-issue-form"))
                .until(d -> confirmIfAsked() && d.findElement(testId("statements-issued")).isDisplayed());
        shot(screen, "treasurer-close-statements", browser.findElement(testId("statements-issued")));

        open("#/exports", "exports");
        wait.until(d -> ready("exports"));
        WebElement export = browser.findElement(testId("export-link"));
        List<?> answer = download(export.getAttribute("href"));
        assertThat(answer.get(0)).as("%s: %s", export.getAttribute("href"), answer.get(2)).isEqualTo(200L);
        assertThat((String) answer.get(1)).startsWith("text/csv");
        assertThat(((String) answer.get(2)).lines()).as("the header line").isNotEmpty();
        shot(screen, "treasurer-export-links", browser.findElement(testId("export-links")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("screens")
    void admin_invitesAnAccount_thatIsTakenUpAndListed(Screen screen) throws IOException {
        String username = "invitee" + screen.index();
        signInOn(screen, "admin", DemoLab.DEMO_PASSWORD);
        open("#/accounts", "accounts");
        wait.until(d -> ready("accounts"));
        browser.findElement(testId("invite-email")).sendKeys(username + "@example.org");
        new Select(browser.findElement(testId("invite-role"))).selectByValue("maker");
        shot(screen, "admin-invite-form", browser.findElement(testId("invite-form")));
        browser.findElement(testId("invite-submit")).click();
        wait.withMessage(() -> formError("invite-form"))
                .until(d -> confirmIfAsked() && !d.findElements(testId("link-shown")).isEmpty());
        String link = browser.findElement(testId("link-shown")).getAttribute("value");
        assertThat(link).startsWith(baseUrl()).contains("#/accept");
        assertThat(browser.findElement(testId("accounts-outcome")).getText()).as("no optional notice left as text")
                .doesNotContain("null");
        shot(screen, "admin-invite-link", browser.findElement(testId("link-shown")));

        signOut();
        open(link.substring(link.indexOf('#')), "accept");
        wait.until(d -> !d.findElements(testId("accept-form")).isEmpty());
        String password = "taken-up-" + screen.index() + "-2026";
        browser.findElement(testId("accept-username")).sendKeys(username);
        browser.findElement(testId("accept-password")).sendKeys(password);
        browser.findElement(testId("accept-confirm")).sendKeys(password);
        browser.findElement(testId("accept-submit")).click();
        wait.withMessage(() -> formError("accept-form")).until(d -> d.findElement(testId("accept-done")).isDisplayed());
        shot(screen, "admin-invite-accepted", browser.findElement(testId("accept-done")));
        browser.findElement(testId("accept-login")).click();

        signInOn(screen, "admin", DemoLab.DEMO_PASSWORD);
        open("#/accounts", "accounts");
        By row = By.cssSelector("[data-testid='account-row'][data-username='" + username + "'][data-active='true']");
        wait.until(d -> ready("accounts") && !d.findElements(row).isEmpty());
        shot(screen, "admin-invite-listed", browser.findElement(row));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("screens")
    void board_opensTheImpactReport_withTheLabsSessions(Screen screen) throws IOException {
        signInOn(screen, BOARD, BOARD_PASSWORD);
        open("#/impact", "impact");
        // the report drawn again in the language just chosen: its PDF link asks for that language
        wait.until(d -> ready("impact") && !d.findElements(testId("impact-chart")).isEmpty()
                && d.findElement(testId("impact-download-pdf")).getAttribute("href").endsWith("lang=" + screen.lang()));
        shot(screen, "board-impact-report", null);
        shot(screen, "board-impact-charts", browser.findElement(testId("impact-chart")));
    }

    /**
     * Signs in at the screen's width and switches to its language; on the login page a sign-out left, when there is
     * one, so that no job waits for the whole dashboard to load again.
     */
    private void signInOn(Screen screen, String username, String password) {
        browser.manage().window().setSize(new Dimension(screen.width(), 844));
        if ("login".equals(currentRoute())) {
            signInOnTheLoginPage(username, password);
        } else {
            signIn(username, password);
        }
        browser.findElement(By.cssSelector("button[data-lang='" + screen.lang() + "']")).click();
        wait.until(d -> screen.lang().equals(d.findElement(By.tagName("html")).getAttribute("lang")) && ready(route()));
    }

    /** The router's route, or none before the dashboard was first loaded. */
    private String currentRoute() {
        return browser.findElements(By.cssSelector("body[data-route]")).stream().findFirst()
                .map(body -> body.getAttribute("data-route")).orElse("");
    }

    /**
     * Confirms a dialog the page opened before a destructive action, if any; true so that it can lead a wait's
     * condition, which then confirms as soon as the dialog shows.
     */
    private boolean confirmIfAsked() {
        browser.findElements(CONFIRM).stream().filter(WebElement::isDisplayed).findFirst().ifPresent(WebElement::click);
        return true;
    }

    /** How many certifications among {@code rows} are revoked. */
    private int revoked(By rows) {
        return (int) browser.findElements(rows).stream().filter(r -> "revoked".equals(r.getAttribute("data-status")))
                .count();
    }

    /** A screenshot of the step, with {@code subject} (when given) scrolled to the middle of the screen. */
    private void shot(Screen screen, String step, WebElement subject) throws IOException {
        if (subject != null) {
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", subject);
        } else {
            ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        }
        chromium.screenshot("jobs/" + step + "-" + screen + ".png");
    }

    private String formError(String formTestId) {
        return browser.findElements(By.cssSelector("[data-testid='" + formTestId + "'] [data-form-error]")).stream()
                .map(WebElement::getText).findFirst().orElse("no error shown on " + formTestId);
    }

    private void setValue(String testId, String value) {
        ((JavascriptExecutor) browser).executeScript("""
                const input = arguments[0];
                input.value = arguments[1];
                input.dispatchEvent(new Event('input', { bubbles: true }));
                input.dispatchEvent(new Event('change', { bubbles: true }));
                """, browser.findElement(testId(testId)), value);
    }
}

package org.fablab.launcher;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fablab.protocol.MachineState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every browser test has: a demo lab of its own on the embedded broker, Debian's headless Chromium on its
 * dashboard, and the moves every such test makes: sign in and out, go to a route, know when a page is ready.
 */
abstract class DashboardBrowserTest {
    /** Detail pages, opened with an id the demo seeds. */
    private static final Map<String, String> DETAIL = Map.of(
            "member", "#/members/m-alice",
            "training", "#/trainings/laser-safety");
    /**
     * Detail pages left out of a walk: a fresh demo lab has issued no statement yet (the statements list page is
     * walked, and the statement document is laid out as a scrolling table).
     */
    private static final List<String> WITHOUT_SAMPLE = List.of("statement");

    @TempDir
    Path dataDir;
    Demo demo;
    HeadlessChromium chromium;
    WebDriver browser;
    /**
     * The one wait of this browser, which reads again an element a render swapped: what it ignores, the moves here
     * ignore too.
     */
    WebDriverWait wait;

    /** Names the test's lab, e.g. {@code board}. */
    abstract String labPrefix();

    /** Gateway settings of this test's lab (FABLAB_… variables), none by default. */
    Map<String, String> settings() {
        return Map.of();
    }

    @BeforeEach
    void startLabAndBrowser() {
        demo = TestLabs.onEmbeddedBroker(dataDir, labPrefix(), settings());
        chromium = new HeadlessChromium();
        browser = chromium.driver();
        wait = chromium.waiting();
        // Pages render again in place after an action: an element read mid-swap is simply read again.
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stopLabAndBrowser() {
        if (chromium != null) {
            chromium.close();
        }
        demo.close();
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + demo.gateway().httpPort();
    }

    /** The route the dashboard's router shows. */
    String route() {
        return browser.findElement(By.tagName("body")).getAttribute("data-route");
    }

    /** Whether page {@code page} has rendered its data. */
    boolean ready(String page) {
        return !browser.findElements(By.cssSelector("#page > .view[data-page='" + page + "'][data-ready='true']"))
                .isEmpty();
    }

    /** Signs in as a demo account, in English, and waits for its first page. */
    void signIn(String username) {
        signIn(username, DemoLab.DEMO_PASSWORD);
    }

    /** Signs in as any account, in English, and waits for its first page. */
    void signIn(String username, String password) {
        browser.get(baseUrl() + "/?lang=en#/login");
        signInOnTheLoginPage(username, password);
    }

    /** Signs in on the login page already loaded (e.g. after a sign-out) and waits for the account's first page. */
    void signInOnTheLoginPage(String username, String password) {
        wait.until(d -> "login".equals(route()) && !d.findElements(testId("login-username")).isEmpty());
        browser.findElement(testId("login-username")).sendKeys(username);
        browser.findElement(testId("login-password")).sendKeys(password);
        browser.findElement(testId("login-submit")).click();
        wait.until(d -> !"login".equals(route()) && !"anonymous".equals(d.findElement(By.tagName("body"))
                .getAttribute("data-role")));
        wait.until(d -> ready(route()));
    }

    void signOut() {
        browser.findElement(testId("logout")).click();
        wait.until(d -> "login".equals(route()));
    }

    /** Answers yes to the confirmation dialog the last click opened, and waits until it is gone. */
    void confirm() {
        wait.until(d -> d.findElement(testId("confirm-dialog"))).findElement(testId("confirm-yes")).click();
        wait.until(d -> d.findElements(testId("confirm-dialog")).isEmpty());
    }

    /** GET in the page, so the session cookie goes along as with the link: [status, content type, body]. */
    List<?> download(String href) {
        return (List<?>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], { credentials: 'same-origin' })
                  .then((r) => r.text().then((body) => done([r.status, r.headers.get('Content-Type') ?? '', body])))
                  .catch((e) => done([0, '', String(e)]));
                """, href);
    }

    /**
     * A session of {@code member} on machine {@code nodeId}, from badge-in to badge-out, held open {@code held} so
     * that it lasts whole seconds when a test needs that.
     */
    void useMachine(String nodeId, DemoLab.Member member, Duration held) throws InterruptedException {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            demo.reader(nodeId).present(member.badgeType(), member.badgeUid());
            await().atMost(Duration.ofSeconds(5)).until(() -> demo.node(nodeId).state() == MachineState.ACTIVE);
        });
        Thread.sleep(held.toMillis());
        demo.reader(nodeId).present(member.badgeType(), member.badgeUid());
        await().atMost(Duration.ofSeconds(20)).until(() -> demo.node(nodeId).state() == MachineState.IDLE);
    }

    /** Goes to a hash route of the page already loaded and waits until the router shows route {@code name}. */
    void open(String hash, String name) {
        ((JavascriptExecutor) browser).executeScript("location.hash = arguments[0]", hash);
        wait.until(d -> name.equals(route()));
    }

    /**
     * The pages a walk of the dashboard visits for the signed-in account (or a visitor): the router's own routes
     * (router.js ROUTES, filtered by what the account may open), so a page added later is walked too; detail pages
     * without a demo sample and sign-in left out.
     */
    @SuppressWarnings("unchecked")
    List<String> pagesOffered() {
        List<String> names = (List<String>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('./router.js').then((router) => done(router.ROUTES.filter(router.allowed).map((r) => r.name)));
                """);
        return names.stream().filter(name -> !name.equals("login") && !WITHOUT_SAMPLE.contains(name)).toList();
    }

    /** Clicks the language button and waits until the page is in {@code lang}. */
    void chooseLanguage(String lang) {
        browser.findElement(By.cssSelector("button[data-lang='" + lang + "']")).click();
        wait.until(d -> lang.equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    }

    /** Opens a page of {@link #pagesOffered()} and waits until its data is on screen (for the board: its machines). */
    void show(String page) {
        String hash = page.equals("board") ? "#/" : DETAIL.getOrDefault(page, "#/" + page);
        open(hash, page);
        if (page.equals("board")) {
            wait.until(d -> !d.findElements(By.cssSelector("[data-list='machines'] [data-machine-id]")).isEmpty());
        } else if (page.equals("login")) {
            wait.until(d -> !d.findElements(testId("login-form")).isEmpty());
        } else {
            wait.until(d -> ready(page));
        }
    }
}

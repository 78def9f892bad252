package org.fablab.gateway.app;

import java.nio.file.Path;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A demo lab on the embedded broker and Debian's headless Chromium on its dashboard, for one browser test, with the
 * moves every such test makes: sign in and out, go to a route, know when a page is ready.
 */
final class DashboardBrowser implements AutoCloseable {
    private final Demo demo;
    private final HeadlessChromium chromium;
    private final WebDriverWait wait;

    DashboardBrowser(Path dataDir, String labPrefix) {
        demo = TestLabs.onEmbeddedBroker(dataDir, labPrefix);
        try {
            chromium = new HeadlessChromium();
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
        wait = chromium.waiting();
    }

    Demo demo() {
        return demo;
    }

    HeadlessChromium chromium() {
        return chromium;
    }

    WebDriver driver() {
        return chromium.driver();
    }

    /** The one wait of this browser: what a test tells it to ignore, the moves here ignore too. */
    WebDriverWait waiting() {
        return wait;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + demo.gateway().httpPort();
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    /** The route the dashboard's router shows. */
    String route() {
        return driver().findElement(By.tagName("body")).getAttribute("data-route");
    }

    /** Whether page {@code page} has rendered its data. */
    boolean ready(String page) {
        return !driver().findElements(By.cssSelector("#page > .view[data-page='" + page + "'][data-ready='true']"))
                .isEmpty();
    }

    /** Signs in as a demo account, in English, and waits for its first page. */
    void signIn(String username) {
        driver().get(baseUrl() + "/?lang=en#/login");
        wait.until(d -> "login".equals(route()) && !d.findElements(testId("login-username")).isEmpty());
        driver().findElement(testId("login-username")).sendKeys(username);
        driver().findElement(testId("login-password")).sendKeys(DemoLab.DEMO_PASSWORD);
        driver().findElement(testId("login-submit")).click();
        wait.until(d -> !"login".equals(route()) && !"anonymous".equals(d.findElement(By.tagName("body"))
                .getAttribute("data-role")));
        wait.until(d -> ready(route()));
    }

    void signOut() {
        driver().findElement(testId("logout")).click();
        wait.until(d -> "login".equals(route()));
    }

    /** Goes to a hash route of the page already loaded and waits until the router shows route {@code name}. */
    void open(String hash, String name) {
        ((JavascriptExecutor) driver()).executeScript("location.hash = arguments[0]", hash);
        wait.until(d -> name.equals(route()));
    }

    @Override
    public void close() {
        chromium.close();
        demo.close();
    }
}

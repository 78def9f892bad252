package org.fablab.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver (both in /usr/bin), for the browser tests:
 * a fresh profile per instance, English unless the page is told otherwise, screenshots under
 * {@code target/screenshots}. Not thread-safe: one test thread drives one instance. Starting one takes seconds, so the
 * browser tests of a test JVM share one ({@link #shared()}), each leaving it as new ({@link #forget()}).
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Generous: the builds share two cores with other builds. */
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Dimension WINDOW = new Dimension(1280, 900);
    private static HeadlessChromium shared;

    private final WebDriver driver;

    HeadlessChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight(), "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /** The one instance of this test JVM, started on first use and quit when the JVM exits. */
    static synchronized HeadlessChromium shared() {
        if (shared == null) {
            HeadlessChromium chromium = new HeadlessChromium();
            Runtime.getRuntime().addShutdownHook(new Thread(chromium::close));
            shared = chromium;
        }
        return shared;
    }

    /**
     * Forgets what the last test left on the shared instance, while it still shows that test's lab (cookies ignore
     * ports, and a later lab may get the same port and so the same storage): cookies, storage, window size, page.
     * An instance that fails to is quit, and the next test starts a fresh one.
     */
    static synchronized void forget() {
        if (shared == null) {
            return;
        }
        try {
            WebDriver driver = shared.driver;
            if (driver.getCurrentUrl().startsWith("http")) {
                driver.manage().deleteAllCookies();
                ((JavascriptExecutor) driver).executeScript("localStorage.clear(); sessionStorage.clear();");
            }
            driver.get("about:blank");
            driver.manage().window().setSize(WINDOW);
        } catch (WebDriverException e) {
            shared.close();
            shared = null;
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** A wait of 20 s polling the DOM. */
    WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    /** Writes a PNG of the viewport to {@code target/screenshots/<name>}; {@code name} may start with folders. */
    void screenshot(String name) throws IOException {
        Path file = SCREENSHOTS.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}

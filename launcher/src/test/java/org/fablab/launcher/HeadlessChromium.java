package org.fablab.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver (both in /usr/bin), for the browser tests:
 * a fresh profile per instance, English unless the page is told otherwise, screenshots under
 * {@code target/screenshots}. Not thread-safe: one test thread drives one instance.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Generous: the builds share two cores with other builds. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebDriver driver;

    HeadlessChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
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

package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * A page of the dashboard that the browser leaves holds no connection to the gateway: Chromium keeps a page it
 * leaves in its back/forward cache, frozen but with its live stream still open, and it opens at most six connections
 * to one host. Without the page closing its stream when it is hidden, the seventh visit in a row waits forever for a
 * free connection and its sign-in form never appears. A page that comes back from that cache follows the lab again.
 */
class LeftPagesBrowserIT extends DashboardBrowserTest {
    /** More visits than the browser's six connections to one host. */
    private static final int VISITS = 9;

    @Override
    String labPrefix() {
        return "leftpages";
    }

    @Test
    void pagesLeftWithTheirStreamLive_leaveTheNextPageItsConnections() {
        for (int visit = 1; visit <= VISITS; visit++) {
            browser.get(baseUrl() + "/?lang=en&visit=" + visit + "#/login");
            wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-live")));
            wait.until(d -> "login".equals(route()) && !d.findElements(testId("login-username")).isEmpty());
        }
        assertThat(browser.findElement(testId("login-form")).isDisplayed()).isTrue();
    }

    @Test
    void aBoardBackFromTheCache_showsWhatHappenedWhileItWasLeft() {
        browser.get(baseUrl() + "/?lang=en");
        wait.until(d -> "idle".equals(laserState()));
        ((JavascriptExecutor) browser).executeScript("window.leftAt = 'board'");
        browser.get(baseUrl() + "/?lang=en&left=board#/login");
        wait.until(d -> "login".equals(route()));

        DemoLab.Member chloe = Demo.members().get(2);
        demo.reader("laser-1").present(chloe.badgeType(), chloe.badgeUid());
        browser.navigate().back();

        // the very page left, its script state kept: it came back from the cache, not loaded again
        assertThat(((JavascriptExecutor) browser).executeScript("return window.leftAt")).isEqualTo("board");
        wait.until(d -> "active".equals(laserState()));
    }

    private String laserState() {
        return browser.findElement(By.cssSelector("[data-machine-id='laser-1']")).getAttribute("data-state");
    }
}

package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The live board in Debian's headless Chromium against a running demo lab: a session started by a
 * simulated badge appears over SSE without reload, with only the member's first name for a visitor who has
 * not signed in, and the FR/EN switch translates the page.
 */
class BoardBrowserIT extends DashboardBrowserTest {
    @Override
    String labPrefix() {
        return "board";
    }

    @Test
    void board_showsASessionLiveAndSwitchesLanguage() throws IOException {
        browser.get("http://127.0.0.1:" + demo.gateway().httpPort() + "/?lang=en");
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-live")));
        // a machine reads idle only once its node's online status has reached the board
        wait.until(d -> "idle".equals(card(d).getAttribute("data-state")));
        String englishTitle = browser.findElement(By.cssSelector("[data-i18n='board.title']")).getText();

        DemoLab.Member chloe = Demo.members().get(2);
        demo.reader("laser-1").present(chloe.badgeType(), chloe.badgeUid());

        // the public card: the state and the first name only; sessions are not streamed to visitors
        wait.until(d -> "active".equals(card(d).getAttribute("data-state"))
                && "Chloé".equals(card(d).findElement(By.cssSelector("[data-field='member']")).getText()));
        assertThat(browser.findElements(By.cssSelector("[data-list='recent-sessions'] li[data-session-id]"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector("aside.recent")).isDisplayed()).isFalse();
        chromium.screenshot("board-en.png");

        browser.findElement(By.cssSelector("button[data-lang='fr']")).click();

        wait.until(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        String frenchTitle = browser.findElement(By.cssSelector("[data-i18n='board.title']")).getText();
        assertThat(frenchTitle).isNotBlank().isNotEqualTo(englishTitle);
        assertThat(card(browser).findElement(By.cssSelector("[data-field='state']")).getText()).isEqualTo("Occupée");
        chromium.screenshot("board-fr.png");
    }

    private static WebElement card(WebDriver driver) {
        return driver.findElement(By.cssSelector("[data-machine-id='laser-1']"));
    }
}

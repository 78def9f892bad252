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
 * not signed in, and the FR/EN switch translates the page. The board is honest: a visitor is told nothing about
 * sessions rather than "none", signing in fetches them, a machine without a connected node or taken out of use never
 * reads available, the wall screen speaks plain words, and a maker's machines page says what they may use.
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

    @Test
    void board_isHonestWithAVisitor_fetchesSessionsOnSignIn_andEachMakerLearnsWhatTheyMayUse() throws Exception {
        DemoApi admin = new DemoApi(demo.gateway().httpPort(), "admin");
        assertThat(admin.post("/api/v1/machines", "{\"id\":\"lathe-1\",\"name\":\"Wood lathe\",\"kind\":\"other\"}")
                .statusCode()).isEqualTo(201);
        assertThat(admin.post("/api/v1/machines/printer-2/availability",
                "{\"availability\":\"blocked\",\"reason\":\"nozzle jam\"}").statusCode()).isLessThan(300);
        DemoLab.Member chloe = Demo.members().get(2);
        demo.reader("laser-1").present(chloe.badgeType(), chloe.badgeUid());

        browser.get(baseUrl() + "/?lang=en");
        wait.until(d -> "active".equals(card(d).getAttribute("data-state")));
        // a machine with no node, or blocked though its node says idle, is not offered as available
        wait.until(d -> "blocked".equals(card(d, "printer-2").getAttribute("data-state")));
        assertThat(card(browser, "lathe-1").getAttribute("data-state")).isEqualTo("offline");
        assertThat(browser.findElement(By.cssSelector("aside.recent")).isDisplayed()).isFalse();
        assertThat(browser.findElement(testId("recent-status")).getAttribute("data-recent-status"))
                .isNotEqualTo("empty");
        String wall = browser.findElement(By.cssSelector("[data-list='machines']")).getText();
        assertThat(wall).doesNotContain("ACL", "Node ").contains("Badge reader connected", "Badge list received");

        signIn("fabmanager");
        open("#/", "board");
        wait.until(d -> d.findElement(By.cssSelector("aside.recent")).isDisplayed()
                && !d.findElements(By.cssSelector("[data-list='recent-sessions'] li[data-session-id]")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("[data-list='recent-sessions'] [data-field='session-member']"))
                .stream().map(WebElement::getText)).contains("Chloé Dubois");
        signOut();

        signIn("maker");
        open("#/machines", "machines");
        wait.until(d -> ready("machines"));
        assertThat(forYou("laser-1").getAttribute("data-may-use")).isEqualTo("true");
        assertThat(forYou("laser-1").getText()).isEqualTo("You may use this machine");
        assertThat(forYou("printer-2").getAttribute("data-may-use")).isEqualTo("false");
        assertThat(forYou("printer-2").getText()).isEqualTo("You may not use it: the machine is blocked");
        assertThat(forYou("lathe-1").getAttribute("data-may-use")).isEqualTo("false");
        chromium.screenshot("board-machines-for-you-en.png");
        browser.findElement(By.cssSelector("button[data-lang='fr']")).click();
        // the page renders again in French: a row read while it is replaced is read again
        wait.until(d -> forYou("printer-2").getText()
                .equals("Vous ne pouvez pas l’utiliser : la machine est bloquée"));
        assertThat(forYou("laser-1").getText()).isEqualTo("Vous pouvez utiliser cette machine");
    }

    private WebElement forYou(String machineId) {
        return browser.findElement(By.cssSelector("[data-testid='machine-row'][data-machine-id='" + machineId
                + "'] [data-testid='machine-for-you']"));
    }

    private static WebElement card(WebDriver driver, String machineId) {
        return driver.findElement(By.cssSelector("[data-machine-id='" + machineId + "']"));
    }

    private static WebElement card(WebDriver driver) {
        return driver.findElement(By.cssSelector("[data-machine-id='laser-1']"));
    }
}

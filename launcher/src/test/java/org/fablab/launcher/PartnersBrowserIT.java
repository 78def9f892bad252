package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.PublicKey;
import org.fablab.protocol.Ed25519Keys;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The partner labs page (docs/network.md, "Partners and equivalences") in Debian's headless Chromium against a demo
 * lab: an admin's bad key is refused under the key field, a good one is added and its fingerprint shown to confirm
 * with the partner; a pass list past its end reads expired; a fabmanager maps the partner's training to ours, which
 * stays after a reload, and is offered no change to the partners themselves; a maker has no link to the page and is
 * refused it.
 */
class PartnersBrowserIT extends DashboardBrowserTest {
    private static final String PARTNER = "fablab-rennes";

    @Override
    String labPrefix() {
        return "partners-ui";
    }

    @Test
    void anAdminAddsAPartner_aFabmanagerMapsItsTraining_andAMakerIsKeptOut() throws Exception {
        PublicKey key = Ed25519Keys.generate().getPublic();
        signIn("admin");
        open("#/partners", "partners");
        wait.until(d -> ready("partners"));
        assertThat(browser.findElement(testId("nav-partners")).isDisplayed()).isTrue();
        String ownKey = browser.findElement(testId("network-self-key")).getText();
        assertThat(browser.findElement(testId("network-self-fingerprint")).getText())
                .isEqualTo(Ed25519Keys.fingerprint(Ed25519Keys.publicKey(ownKey)));
        assertThat(browser.findElement(testId("network-self")).getText()).contains("no network pepper");

        browser.findElement(testId("partner-add-id")).sendKeys(PARTNER);
        browser.findElement(testId("partner-add-name")).sendKeys("Fablab de Rennes");
        browser.findElement(testId("partner-add-key")).sendKeys("not-a-key");
        browser.findElement(testId("partner-add-submit")).click();
        By keyError = By.cssSelector("[data-testid='partner-add-form'] [data-error-for='publicKey']");
        wait.until(d -> d.findElement(keyError).isDisplayed());
        assertThat(browser.findElement(keyError).getText()).startsWith("Gateway public key");
        assertThat(browser.findElement(testId("partner-add-key")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElements(testId("partner-row"))).isEmpty();

        browser.findElement(testId("partner-add-key")).clear();
        browser.findElement(testId("partner-add-key")).sendKeys(Ed25519Keys.encode(key));
        browser.findElement(testId("partner-add-submit")).click();
        wait.until(d -> d.findElement(testId("partner-added")).isDisplayed() && !d.findElements(partnerRow()).isEmpty());
        String fingerprint = Ed25519Keys.fingerprint(key);
        assertThat(browser.findElement(testId("partner-added-fingerprint")).getText()).isEqualTo(fingerprint);
        assertThat(browser.findElement(testId("partner-added")).getText()).contains("confirm this key fingerprint");
        WebElement row = browser.findElement(partnerRow());
        assertThat(row.findElement(testId("partner-fingerprint")).getText()).isEqualTo(fingerprint);
        assertThat(row.getAttribute("data-visitors")).isEqualTo("all");
        assertThat(row.getAttribute("data-pass-list")).isEqualTo("none");
        assertThat(row.findElement(testId("partner-pass-list")).getText()).isEqualTo("No pass list received yet.");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(testId("partner-added")));
        chromium.screenshot("partners-added.png");

        // This lab receives no partner's messages here: the page is handed a list that ended an hour ago.
        ((JavascriptExecutor) browser).executeScript("""
                const real = window.fetch;
                window.fetch = async (url, options) => {
                  const answer = await real(url, options);
                  if (!String(url).endsWith('/api/v1/partners') || options?.method !== 'GET') {
                    return answer;
                  }
                  const partners = await answer.json();
                  const hourAgo = new Date(Date.now() - 3600000).toISOString();
                  partners.forEach((p) => { p.passList = { partnerId: p.id, version: 7, passes: 2,
                    issuedAt: '2026-01-01T10:00:00Z', validUntil: hourAgo, receivedAt: '2026-01-01T10:00:01Z' }; });
                  return new Response(JSON.stringify(partners), { headers: answer.headers });
                };
                """);
        open("#/", "board");
        open("#/partners", "partners");
        wait.until(d -> ready("partners") && "expired".equals(d.findElement(partnerRow()).getAttribute("data-pass-list")));
        assertThat(browser.findElement(partnerRow()).findElement(testId("partner-pass-list")).getText())
                .contains("Pass list 7: 2 visitors");
        assertThat(browser.findElement(testId("partner-pass-list-expired")).getText()).startsWith("Expired");
        signOut();

        signInOnTheLoginPage("fabmanager", DemoLab.DEMO_PASSWORD);
        open("#/partners", "partners");
        wait.until(d -> ready("partners"));
        assertThat(browser.findElements(testId("partner-add-form"))).isEmpty();
        assertThat(browser.findElements(testId("partner-remove-form"))).isEmpty();
        assertThat(browser.findElements(testId("partner-visitors-form"))).isEmpty();
        WebElement equivalences = browser.findElement(equivalencesOf());
        equivalences.findElement(testId("equivalence-their")).sendKeys("laser-basics");
        new Select(equivalences.findElement(testId("equivalence-our"))).selectByValue("laser-safety");
        equivalences.findElement(testId("equivalence-submit")).click();
        wait.until(d -> !d.findElements(equivalence()).isEmpty());
        browser.navigate().refresh();
        wait.until(d -> ready("partners"));
        assertThat(browser.findElement(equivalence()).getText()).contains("laser-basics").contains("Laser safety");
        chromium.screenshot("partners-equivalence.png");
        signOut();

        signInOnTheLoginPage("maker", DemoLab.DEMO_PASSWORD);
        assertThat(browser.findElement(testId("nav-partners")).isDisplayed()).isFalse();
        open("#/partners", "partners");
        wait.until(d -> !d.findElements(testId("page-forbidden")).isEmpty());
        assertThat(browser.findElements(testId("partner-list"))).isEmpty();
    }

    private static By partnerRow() {
        return By.cssSelector("[data-testid='partner-row'][data-partner-id='" + PARTNER + "']");
    }

    private static By equivalencesOf() {
        return By.cssSelector("[data-testid='equivalences-panel'][data-partner-id='" + PARTNER + "']");
    }

    private static By equivalence() {
        return By.cssSelector("[data-testid='equivalences-panel'][data-partner-id='" + PARTNER + "'] "
                + "[data-testid='equivalence-row'][data-their-training='laser-basics'][data-our-training='laser-safety']");
    }
}

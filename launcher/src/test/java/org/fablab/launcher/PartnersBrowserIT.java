package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.adapter.jdbc.JdbcVisitStore;
import org.fablab.gateway.network.Receipts;
import org.fablab.gateway.network.Settlements;
import org.fablab.gateway.network.VisitCharge;
import org.fablab.gateway.port.VisitStore;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Message;
import org.fablab.protocol.network.SettlementStatement.Statement;
import org.fablab.protocol.network.UsageReceipt;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The partner labs page (docs/network.md, "Partners and equivalences") in Debian's headless Chromium against a demo
 * lab: an admin's bad key is refused under the key field, a good one is added and its fingerprint shown to confirm
 * with the partner; a pass list past its end reads expired; the partner is set to receive the members of a plan, the
 * plan refused under its field until one is named; a fabmanager maps the partner's training to ours, which
 * stays after a reload, and is offered no change to the partners themselves; a maker has no link to the page and is
 * refused it, and gives their consent to network visits on their own page, which stays after a reload. Last month's
 * visits with a partner show both ways, with their amounts and the month's settlement for a treasurer, without either
 * for a fabmanager. A treasurer sets and removes the network price list there, and an admin puts a partner's visits on
 * it.
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
        browser.findElement(testId("partner-add-free-minutes")).clear();
        browser.findElement(testId("partner-add-free-minutes")).sendKeys("90");
        browser.findElement(testId("partner-add-submit")).click();
        wait.until(d -> d.findElement(testId("partner-added")).isDisplayed() && !d.findElements(partnerRow()).isEmpty());
        String fingerprint = Ed25519Keys.fingerprint(key);
        assertThat(browser.findElement(testId("partner-added-fingerprint")).getText()).isEqualTo(fingerprint);
        assertThat(browser.findElement(testId("partner-added")).getText()).contains("confirm this key fingerprint");
        WebElement row = browser.findElement(partnerRow());
        assertThat(row.findElement(testId("partner-fingerprint")).getText()).isEqualTo(fingerprint);
        assertThat(row.getAttribute("data-visitors")).isEqualTo("all");
        assertThat(row.findElement(testId("partner-free-minutes")).getText()).as("the agreement's visa")
                .isEqualTo("90");
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

        WebElement terms = browser.findElement(partnerRow()).findElement(testId("partner-visitors-form"));
        new Select(terms.findElement(testId("partner-visitors-select"))).selectByValue("plans");
        terms.findElement(testId("partner-visitors-submit")).click();
        By plansError = By.cssSelector("[data-testid='partner-visitors-form'] [data-error-for='visitorPlans']");
        wait.until(d -> d.findElement(plansError).isDisplayed());
        terms.findElement(testId("partner-visitor-plans-input")).sendKeys("maker-plus");
        terms.findElement(testId("partner-visitors-submit")).click();
        wait.until(d -> "plans".equals(d.findElement(partnerRow()).getAttribute("data-visitors")));
        assertThat(browser.findElement(partnerRow()).findElement(testId("partner-visitor-plans")).getText())
                .isEqualTo("maker-plus");
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

        open("#/me", "me");
        wait.until(d -> ready("me"));
        assertThat(browser.findElement(testId("network-visits-state")).getAttribute("data-consent")).isEqualTo("false");
        browser.findElement(testId("network-visits-submit")).click();
        // the panel is redrawn with the gateway's answer: waited for by the attribute, never a node read meanwhile
        wait.until(d -> !d.findElements(By.cssSelector("[data-testid='network-visits-state'][data-consent='true']"))
                .isEmpty());
        browser.navigate().refresh();
        wait.until(d -> ready("me"));
        assertThat(browser.findElement(testId("network-visits-state")).getAttribute("data-consent")).isEqualTo("true");
        assertThat(browser.findElement(testId("network-visits-submit")).getText()).isEqualTo("Withdraw consent");
    }

    @Test
    void aTreasurerSetsAndRemovesTheNetworkPriceList_andAnAdminPutsAPartnersVisitsOnIt() throws Exception {
        DemoApi admin = new DemoApi(demo.gateway().httpPort(), "admin");
        assertThat(admin.post("/api/v1/partners", "{\"id\":\"" + PARTNER + "\",\"name\":\"Fablab de Rennes\","
                + "\"publicKey\":\"" + Ed25519Keys.encode(Ed25519Keys.generate().getPublic()) + "\"}").statusCode())
                .isEqualTo(201);
        signIn("treasurer");
        open("#/partners", "partners");
        wait.until(d -> ready("partners"));
        WebElement network = browser.findElement(testId("network-prices-panel"));
        assertThat(network.findElements(testId("price-row"))).isEmpty();
        assertThat(browser.findElements(testId("partner-visitors-form"))).as("the terms are the admin's").isEmpty();

        network.findElement(By.tagName("summary")).click();
        new Select(network.findElement(testId("price-kind"))).selectByValue("laser-cutter");
        for (String[] input : new String[][] {{"price-wall-minutes", "5"}, {"price-wall-price", "0.70"},
                {"price-busy-minutes", ""}, {"price-busy-price", ""}, {"price-session-fee", "0"},
                {"price-minimum", "0"}, {"price-daily-cap", "0"}, {"price-vat", "20"}}) {
            WebElement field = network.findElement(testId(input[0]));
            field.clear();
            field.sendKeys(input[1]);
        }
        network.findElement(testId("price-submit")).click();
        By laser = By.cssSelector("[data-testid='network-prices-panel'] [data-testid='price-row']"
                + "[data-machine-kind='laser-cutter']");
        wait.until(d -> !d.findElements(laser).isEmpty());
        assertThat(admin.json("/api/v1/network/prices").get(0).get("wall").get("centsPerBlock").asLong())
                .isEqualTo(70);
        assertThat(admin.json("/api/v1/prices").findValues("centsPerBlock")).as("our members' prices untouched")
                .noneMatch(cents -> cents.asLong() == 70);
        chromium.screenshot("partners-network-prices.png");

        browser.findElement(laser).findElement(testId("network-price-remove")).click();
        confirm();
        wait.until(d -> d.findElements(laser).isEmpty());
        assertThat(admin.json("/api/v1/network/prices")).isEmpty();
        signOut();

        signInOnTheLoginPage("admin", DemoLab.DEMO_PASSWORD);
        open("#/partners", "partners");
        wait.until(d -> ready("partners") && !d.findElements(partnerRow()).isEmpty());
        assertThat(browser.findElement(partnerRow()).getAttribute("data-visit-pricing")).isEqualTo("host");
        WebElement row = browser.findElement(partnerRow());
        new Select(row.findElement(testId("partner-visit-pricing-select"))).selectByValue("network");
        row.findElement(testId("partner-visitors-submit")).click();
        wait.until(d -> "network".equals(d.findElement(partnerRow()).getAttribute("data-visit-pricing")));
        assertThat(browser.findElement(partnerRow()).findElement(testId("partner-visit-pricing")).getText())
                .isEqualTo("The network's prices");
        assertThat(admin.json("/api/v1/partners/" + PARTNER).get("visitPricing").asText()).isEqualTo("network");
    }

    @Test
    void lastMonthsVisits_showBothWays_withAmountsAndSettlementForTheTreasurerOnly() throws Exception {
        DemoApi admin = new DemoApi(demo.gateway().httpPort(), "admin");
        assertThat(admin.post("/api/v1/partners", "{\"id\":\"" + PARTNER + "\",\"name\":\"Fablab de Rennes\","
                + "\"publicKey\":\"" + Ed25519Keys.encode(Ed25519Keys.generate().getPublic()) + "\"}").statusCode())
                .isEqualTo(201);
        String lab = admin.json("/api/v1/network").get("lab").asText();
        // The page opens on last month by this machine's calendar, which the browser shares.
        YearMonth month = YearMonth.now(ZoneId.systemDefault()).minusMonths(1);
        Instant day = LocalDate.of(month.getYear(), month.getMonth(), 10).atTime(14, 0).toInstant(ZoneOffset.UTC);
        // A demo lab in no network neither bills visitors nor hears from partners, so the receipts both ways and the
        // partner's statement go in through the gateway's own store of them, as its receipt and settlement services
        // keep what they issue and receive (V24__visit_receipts.sql).
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        SQLiteDataSource database = new SQLiteDataSource(config);
        database.setUrl("jdbc:sqlite:" + dataDir.resolve("fablab.db"));
        VisitStore visits = new JdbcVisitStore(database);
        // their member here: 12.50 charged to the partner, not acknowledged yet
        String hostedBody = Receipts.body(new UsageReceipt(Message.VERSION, lab, PARTNER, day.plusSeconds(5400),
                "session:laser-1:s-9", "rennes-m-42", "laser-cutter", day, day.plusSeconds(5400), 5400, 3000, 1250,
                "EUR", month.toString()));
        VisitStore.IssuedReceipt hosted = new VisitStore.IssuedReceipt(PARTNER, "session:laser-1:s-9", month.toString(),
                1250, "EUR", 5400, hostedBody, Receipts.hash(hostedBody), Instant.now(), 0, Optional.empty());
        visits.issue(hosted);
        // Alice there the next day: 8.00, charged to her here
        Instant next = day.plusSeconds(86_400);
        String abroadBody = Receipts.body(new UsageReceipt(Message.VERSION, PARTNER, lab, next.plusSeconds(2700),
                "session:cnc-2:s-77", "m-alice", "cnc", next, next.plusSeconds(2700), 2700, 2000, 800, "EUR",
                month.toString()));
        visits.record(new VisitStore.RecordedReceipt(PARTNER, "session:cnc-2:s-77", "m-alice", month.toString(), 800,
                "EUR", 2700, "cnc", next, next.plusSeconds(2700), abroadBody, Receipts.hash(abroadBody),
                VisitCharge.Treatment.CHARGED, Instant.now()));
        // the partner's statement lacks Alice's visit: the two disagree
        Statement theirs = Settlements.of(lab, PARTNER, month, List.of(hosted), List.of());
        visits.statementReceived(PARTNER, month, Settlements.canonical(theirs), Settlements.hash(theirs),
                Instant.now());

        signIn("treasurer");
        open("#/partners", "partners");
        wait.until(d -> ready("partners"));
        WebElement panel = browser.findElement(visitsOf());
        assertThat(panel.getAttribute("data-month")).isEqualTo(month.toString());
        assertThat(panel.findElement(testId("partner-visits-month")).getAttribute("value")).isEqualTo(month.toString());
        List<WebElement> rows = panel.findElements(testId("partner-visit-row"));
        assertThat(rows).extracting(r -> r.getAttribute("data-direction")).containsExactly("hosted", "abroad");
        WebElement here = rows.get(0);
        assertThat(here.getAttribute("data-acknowledged")).isEqualTo("false");
        assertThat(here.findElement(testId("partner-visit-member")).getText()).isEqualTo("rennes-m-42");
        assertThat(here.findElement(testId("partner-visit-amount")).getText()).isEqualTo("€12.50");
        assertThat(here.getText()).contains("Their member here", "Laser cutter", "1 h 30 min", "No");
        WebElement there = rows.get(1);
        assertThat(there.getAttribute("data-treatment")).isEqualTo("charged");
        assertThat(there.findElement(testId("partner-visit-member")).getAttribute("href"))
                .endsWith("#/members/m-alice");
        assertThat(there.findElement(testId("partner-visit-amount")).getText()).isEqualTo("€8.00");
        assertThat(there.getText()).contains("Our member there", "CNC", "45 min", "Charged");

        WebElement settlement = panel.findElement(testId("partner-settlement"));
        assertThat(settlement.getAttribute("data-closed")).isEqualTo("false");
        assertThat(settlement.findElement(testId("partner-settlement-closed")).getText()).startsWith("Open");
        String ours = admin.json("/api/v1/partners/" + PARTNER + "/settlements/" + month).get("hash").asText();
        assertThat(settlement.findElement(testId("partner-settlement-hash")).getText()).isEqualTo(ours);
        assertThat(settlement.findElement(testId("partner-settlement-their-hash")).getText())
                .isEqualTo(Settlements.hash(theirs));
        WebElement agrees = settlement.findElement(testId("partner-settlement-agrees"));
        assertThat(agrees.getAttribute("data-agrees")).isEqualTo("false");
        assertThat(agrees.getText()).isEqualTo("✗ No");
        WebElement difference = settlement.findElement(testId("partner-settlement-difference"));
        assertThat(difference.getAttribute("data-kind")).isEqualTo("missing-there");
        assertThat(difference.getText()).isEqualTo("receipt session:cnc-2:s-77 (a visit at " + PARTNER
                + ") is missing at " + PARTNER);
        assertThat(settlement.findElements(testId("partner-settlement-balance")))
                .extracting(WebElement::getText).containsExactly(PARTNER + " owes " + lab + " €4.50");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", panel);
        chromium.screenshot("partners-visits.png");

        // The month before: nothing either way, and no statement from the partner.
        String before = month.minusMonths(1).toString();
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]",
                panel.findElement(testId("partner-visits-month")), before);
        panel.findElement(testId("partner-visits-submit")).click();
        wait.until(d -> before.equals(d.findElement(visitsOf()).getAttribute("data-month")));
        panel = browser.findElement(visitsOf());
        assertThat(panel.findElements(testId("partner-visit-row"))).isEmpty();
        assertThat(panel.getText()).contains("No visit either way in ");
        assertThat(panel.findElement(testId("partner-settlement-their-hash")).getText()).isEqualTo("Not received");
        assertThat(panel.findElement(testId("partner-settlement-balance")).getText())
                .isEqualTo("Nothing owed either way.");
        signOut();

        signInOnTheLoginPage("fabmanager", DemoLab.DEMO_PASSWORD);
        open("#/partners", "partners");
        wait.until(d -> ready("partners"));
        panel = browser.findElement(visitsOf());
        assertThat(panel.findElements(testId("partner-visit-row")))
                .extracting(r -> r.getAttribute("data-receipt-id"))
                .containsExactly("session:laser-1:s-9", "session:cnc-2:s-77");
        assertThat(panel.findElements(testId("partner-visit-amount"))).isEmpty();
        assertThat(panel.findElements(By.cssSelector("[data-testid='partner-visit-row'][data-cents]"))).isEmpty();
        assertThat(panel.findElement(testId("partner-visit-list")).getText()).doesNotContain("Amount", "€");
        assertThat(panel.findElements(testId("partner-settlement"))).isEmpty();
    }

    private static By visitsOf() {
        return By.cssSelector("[data-testid='partner-visits-panel'][data-partner-id='" + PARTNER + "']");
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

package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.fablab.gateway.CsvRows;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The treasurer's billing pages in Debian's headless Chromium against a running demo lab: a price typed with a
 * decimal comma charges a printer session to the cent, a group discount and a free window are saved, the ledger
 * shows and verifies the charge with its cause as a link naming the machine and member, reverses its fee with a
 * reason once confirmed in the danger-style dialog (Cancel sends nothing), a payment dated last month is recorded
 * and shown without a minus sign, the cause link opens the member's page where the session shows what it cost,
 * last month is closed (only once confirmed) and its statement issued and shown ready to print with its total in
 * words, the charges CSV downloads through the page's link with the session cookie and parses, and the maker sees
 * the session's cost on their own page; a maker records a consumable after confirming its item, quantity, price and
 * total and sees it on this month's draft statement, in English and French, and is refused the ledger; a treasurer
 * creates a coupon and puts a member on a plan from the member's page, the maker redeems the coupon and sees the
 * credit, and a fabmanager records a consumable for another member and corrects it (once: the replaced record is
 * not corrected again), each confirmed, the ledger then holding the charge, its reversal and the corrected charge.
 */
class BillingBrowserIT extends DashboardBrowserTest {
    private static final String PRINTER = "printer-1";

    @Override
    String labPrefix() {
        return "billing-ui";
    }

    @Test
    void aTreasurer_pricesThePrinter_seesTheSessionCharged_closesLastMonth_andDownloadsTheChargesCsv() throws Exception {
        signIn("treasurer");
        open("#/prices", "prices");
        wait.until(d -> ready("prices"));
        expand("price-form");
        new Select(browser.findElement(testId("price-kind"))).selectByValue("3d-printer");
        type("price-wall-minutes", "15");
        type("price-wall-price", "2,5");
        type("price-busy-minutes", "");
        type("price-busy-price", "");
        type("price-session-fee", "0.10");
        type("price-minimum", "0");
        type("price-daily-cap", "0");
        type("price-vat", "20");
        browser.findElement(testId("price-submit")).click();
        By printers = By.cssSelector("[data-testid='price-row'][data-machine-kind='3d-printer']");
        wait.until(d -> d.findElement(printers).getText().contains("€2.50 per 15 min"));
        assertThat(browser.findElement(printers).getText()).contains("Not charged", "€0.10", "20%");
        expand("group-form");
        type("group-name", "makerspace-friends");
        type("group-discount", "12,5");
        browser.findElement(testId("group-submit")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='group-row'][data-group-name='makerspace-friends']"))
                .getText().contains("12.5%"));
        int windows = browser.findElements(testId("free-window-row")).size();
        expand("free-windows-form");
        browser.findElement(testId("free-window-add")).click();
        List<WebElement> days = browser.findElements(testId("free-window-day"));
        new Select(days.get(days.size() - 1)).selectByValue("sunday");
        browser.findElement(testId("free-windows-submit")).click();
        wait.withMessage(() -> formError("free-windows-form"))
                .until(d -> d.findElements(testId("free-window-row")).size() == windows + 1);
        assertThat(browser.findElements(By.cssSelector("[data-testid='free-window-row'][data-day='sunday']"))).hasSize(1);
        chromium.screenshot("billing-prices.png");

        DemoLab.Member alice = TestLabs.member("m-alice");
        useMachine(PRINTER, alice, Duration.ZERO);

        open("#/ledger?member=m-alice", "ledger");
        await().atMost(Duration.ofSeconds(20)).ignoreException(StaleElementReferenceException.class).untilAsserted(() -> {
            browser.findElement(testId("ledger-filter-submit")).click();
            wait.until(d -> ready("ledger"));
            assertThat(chargeCents()).containsExactlyInAnyOrder("10", "250");
        });
        // the ledger may still redraw its rows once after the filter's answer
        await().atMost(Duration.ofSeconds(10)).ignoreException(StaleElementReferenceException.class).untilAsserted(() ->
                assertThat(browser.findElement(By.cssSelector("[data-testid='ledger-row'][data-kind='charge']"
                        + " .amount[data-cents='250']")).getText()).isEqualTo("€2.50"));
        WebElement cause = browser.findElement(By.xpath("//*[@data-testid='ledger-row'][.//*[@data-cents='250']]"
                + "//*[@data-testid='ledger-cause-link']"));
        assertThat(cause.getAttribute("data-cause-kind")).isEqualTo("session");
        assertThat(cause.getText()).contains("Prusa MK4 #1", "Alice Martin").doesNotContain("session:");
        assertThat(cause.getAttribute("href")).endsWith("#/members/m-alice");
        assertThat(browser.findElement(testId("ledger-verify")).getAttribute("data-ok")).isEqualTo("true");
        WebElement fee = browser.findElement(By.xpath("//*[@data-testid='ledger-row'][.//*[@data-cents='10']]"));
        fee.findElement(By.tagName("summary")).click();
        fee.findElement(testId("ledger-reverse-reason")).sendKeys("fee waived for the open day");
        fee.findElement(testId("ledger-reverse-submit")).click();
        WebElement asked = wait.until(d -> d.findElement(testId("confirm-dialog")));
        assertThat(asked.getAttribute("data-danger")).isEqualTo("true");
        assertThat(asked.getText()).contains("Reverse entry #" + fee.getAttribute("data-sequence"), "€0.10",
                "fee waived for the open day");
        assertThat(asked.findElement(testId("confirm-yes")).getCssValue("background-color"))
                .isEqualTo("rgba(179, 38, 30, 1)");
        chromium.screenshot("billing-reverse-confirm.png");
        asked.findElement(testId("confirm-no")).click();
        wait.until(d -> d.findElements(testId("confirm-dialog")).isEmpty());
        By correction = By.cssSelector("[data-testid='ledger-row'][data-kind='correction'] .amount");
        assertThat(browser.findElements(correction)).as("cancelled: nothing reversed").isEmpty();
        fee.findElement(testId("ledger-reverse-submit")).click();
        confirm();
        wait.until(d -> !d.findElements(correction).isEmpty());
        assertThat(browser.findElement(correction).getAttribute("data-cents")).isEqualTo("-10");
        assertThat(browser.findElement(testId("ledger-verify")).getAttribute("data-ok")).isEqualTo("true");
        chromium.screenshot("billing-ledger.png");

        String lastMonth = YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString();
        expand("payment-form");
        new Select(browser.findElement(testId("payment-member"))).selectByValue("m-alice");
        type("payment-amount", "12,50");
        setValue("payment-date", lastMonth + "-15");
        new Select(browser.findElement(testId("payment-method"))).selectByValue("cheque");
        type("payment-reference", "cheque 4711");
        browser.findElement(testId("payment-submit")).click();
        By payment = By.cssSelector("[data-testid='ledger-row'][data-kind='payment'][data-payment-method='cheque'] .amount");
        wait.withMessage(() -> formError("payment-form")).until(d -> !d.findElements(payment).isEmpty());
        assertThat(browser.findElement(payment).getAttribute("data-cents")).isEqualTo("-1250");
        assertThat(browser.findElement(payment).getText()).as("no bare minus sign").isEqualTo("€12.50");

        browser.findElement(By.xpath("//*[@data-testid='ledger-row'][@data-kind='charge'][.//*[@data-cents='250']]"
                + "//*[@data-testid='ledger-cause-link']")).click();
        wait.until(d -> "member".equals(route()) && ready("member"));
        WebElement charged = browser.findElement(By.cssSelector("[data-testid='session-row'] [data-testid='session-cost']"));
        assertThat(charged.getAttribute("data-cost-state")).isEqualTo("charged");
        assertThat(charged.getAttribute("data-cents")).as("the session's charges less the reversed fee").isEqualTo("250");

        open("#/periods", "periods");
        wait.until(d -> ready("periods"));
        setValue("period-close-month", lastMonth);
        browser.findElement(testId("period-close-submit")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='period-close-form'] [data-error-for='confirm']"))
                .isDisplayed());
        assertThat(browser.findElements(testId("period-row"))).isEmpty();
        browser.findElement(testId("period-close-confirm")).click();
        browser.findElement(testId("period-close-submit")).click();
        wait.withMessage(() -> formError("period-close-form"))
                .until(d -> d.findElements(By.cssSelector("[data-testid='period-row'][data-month='" + lastMonth + "']"))
                .size() == 1);
        assertThat(browser.findElement(testId("periods-closed-through")).getAttribute("data-month")).isEqualTo(lastMonth);
        browser.findElement(testId("statements-issue-submit")).click();
        wait.withMessage(() -> formError("statements-issue-form"))
                .until(d -> d.findElement(testId("statements-issued")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("[data-testid='statements-issued'] [data-testid='statement-link']")))
                .singleElement().extracting(WebElement::getText).asString().contains("Alice Martin");
        chromium.screenshot("billing-periods.png");

        browser.findElement(By.cssSelector("[data-testid='statements-issued'] [data-testid='statement-link']")).click();
        wait.until(d -> "statement".equals(route()) && ready("statement"));
        WebElement statement = browser.findElement(testId("statement-doc"));
        assertThat(statement.getAttribute("data-draft")).isEqualTo("false");
        assertThat(statement.getAttribute("data-month")).isEqualTo(lastMonth);
        assertThat(statement.getAttribute("data-number")).matches(lastMonth.substring(0, 4) + "-\\d{6}");
        assertThat(browser.findElements(testId("statement-line"))).singleElement()
                .satisfies(line -> assertThat(line.getText()).contains("€12.50").doesNotContain("-€"));
        assertThat(browser.findElement(testId("statement-payments")).getAttribute("data-cents")).isEqualTo("-1250");
        assertThat(browser.findElement(testId("statement-payments")).getText()).isEqualTo("€12.50");
        assertThat(browser.findElement(testId("statement-total")).getText()).isEqualTo("€12.50 in credit");
        assertThat(browser.findElement(testId("statement-head")).getText()).matches("[0-9a-f]{64}");
        String invoiceHref = browser.findElement(testId("statement-invoice")).getAttribute("href");
        assertThat(invoiceHref).endsWith("/api/v1/statements/" + statement.getAttribute("data-number")
                + "/invoice.pdf?lang=en");
        List<?> invoice = download(invoiceHref);
        assertThat(invoice.get(0)).isEqualTo(200L);
        assertThat(invoice.get(1)).isEqualTo("application/pdf");
        assertThat((String) invoice.get(2)).startsWith("%PDF-");
        ((ChromiumDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        assertThat(browser.findElement(testId("nav")).isDisplayed()).isFalse();
        assertThat(browser.findElement(testId("statement-print")).isDisplayed()).isFalse();
        assertThat(browser.findElement(testId("statement-total")).isDisplayed()).isTrue();
        assertThat(browser.findElement(testId("statement-lab")).getText())
                .isEqualTo("Fablab de démonstration\n12 rue des Makers\n75011 Paris");
        chromium.screenshot("billing-statement-print.png");
        ((ChromiumDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

        open("#/exports", "exports");
        wait.until(d -> ready("exports"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        setValue("export-from", today.minusDays(7).toString());
        setValue("export-to", today.plusDays(1).toString());
        WebElement charges = browser.findElement(By.cssSelector("[data-testid='export-link'][data-export='charges']"));
        assertThat(charges.getAttribute("href")).endsWith("/api/v1/exports/charges.csv?from=" + today.minusDays(7)
                + "&to=" + today.plusDays(1) + "&layout=standard&encoding=utf-8");
        List<?> answer = download(charges.getAttribute("href"));
        assertThat(answer.get(0)).as("status of %s: %s", charges.getAttribute("href"), answer.get(2)).isEqualTo(200L);
        assertThat((String) answer.get(1)).startsWith("text/csv");
        CSVRecord wallRow = CsvRows.parse((String) answer.get(2), ',').stream()
                .filter(row -> row.get("amount_incl_vat").equals("2.50")).findFirst().orElseThrow();
        assertThat(wallRow.get("member")).isEqualTo("Alice Martin");
        assertThat(wallRow.get("machine")).isEqualTo("Prusa MK4 #1");
        assertThat(wallRow.get("quantity")).isEqualTo("1");
        assertThat(wallRow.get("unit")).isEqualTo("15 min");
        assertThat(wallRow.get("unit_price")).isEqualTo("2.50");
        assertThat(wallRow.get("vat_rate")).isEqualTo("20.00");
        assertThat(wallRow.get("item")).isEqualTo("Prusa MK4 #1");
        assertThat(wallRow.get("amount_excl_vat")).isEqualTo("2.08");
        assertThat(wallRow.get("vat")).isEqualTo("0.42");

        new Select(browser.findElement(testId("export-layout"))).selectByValue("french");
        assertThat(new Select(browser.findElement(testId("export-encoding"))).getFirstSelectedOption()
                .getAttribute("value")).as("the French layout's own encoding").isEqualTo("utf-8-bom");
        WebElement french = browser.findElement(By.cssSelector("[data-testid='export-link'][data-export='charges']"));
        assertThat(french.getAttribute("href")).endsWith("&layout=french&encoding=utf-8-bom");
        // fetch's text() reads UTF-8 and drops the byte order mark, as Excel does
        assertThat((String) download(french.getAttribute("href")).get(2))
                .startsWith("Date;Adhérent;N° adhérent;Machine;Session;Article;");
        new Select(browser.findElement(testId("export-encoding"))).selectByValue("windows-1252");
        assertThat(browser.findElement(By.cssSelector("[data-testid='export-link'][data-export='charges']"))
                .getAttribute("href")).endsWith("&layout=french&encoding=windows-1252");
        chromium.screenshot("billing-exports.png");
        signOut();

        signIn("maker");
        assertThat(route()).isEqualTo("me");
        WebElement newest = browser.findElements(testId("session-row")).get(0);
        assertThat(newest.getText()).contains("Prusa MK4 #1", "€2.50");
        assertThat(newest.findElement(testId("session-cost")).getAttribute("data-cost-state")).isEqualTo("charged");
        chromium.screenshot("billing-maker-session-cost.png");
    }

    @Test
    void aMaker_recordsAConsumable_seesItOnTheDraftStatementInEnglishAndFrench_andMayNotOpenTheLedger() throws Exception {
        signIn("treasurer");
        open("#/consumables", "consumables");
        wait.until(d -> ready("consumables"));
        expand("consumable-form");
        type("consumable-id", "resin");
        type("consumable-label", "UV resin");
        new Select(browser.findElement(testId("consumable-unit"))).selectByValue("g");
        type("consumable-price", "0,05");
        type("consumable-vat", "5,5");
        browser.findElement(testId("consumable-submit")).click();
        By resin = By.cssSelector("[data-testid='consumable-row'][data-item-id='resin']");
        wait.until(d -> !d.findElements(resin).isEmpty());
        assertThat(browser.findElement(resin).getText()).contains("UV resin", "€0.05 per gram", "5.5%");
        browser.findElement(testId("logout")).click();
        wait.until(d -> "login".equals(route()));

        signIn("maker");
        assertThat(route()).isEqualTo("me");
        assertThat(browser.findElement(By.cssSelector("[data-testid='me-draft'] [data-testid='statement-doc']"))
                .getAttribute("data-draft")).isEqualTo("true");
        assertThat(browser.findElements(By.cssSelector("[data-testid='me-draft'] [data-testid='statement-line']"))).isEmpty();
        new Select(browser.findElement(testId("consumable-record-item"))).selectByValue("resin");
        type("consumable-record-quantity", "20");
        browser.findElement(testId("consumable-record-submit")).click();
        WebElement asked = wait.until(d -> d.findElement(testId("confirm-dialog")));
        assertThat(asked.getAttribute("data-danger")).isEqualTo("false");
        assertThat(asked.findElement(testId("confirm-facts")).getText()).contains("UV resin", "20", "€0.05", "€1.00");
        chromium.screenshot("billing-maker-consumable-confirm.png");
        assertThat(browser.findElements(By.cssSelector("[data-testid='me-draft'] [data-testid='statement-line']")))
                .as("nothing charged before it is confirmed").isEmpty();
        confirm();
        wait.until(d -> d.findElement(testId("consumable-recorded")).isDisplayed());
        wait.until(d -> d.findElements(By.cssSelector("[data-testid='me-draft'] [data-testid='statement-line']")).size() == 1);
        WebElement line = browser.findElement(By.cssSelector("[data-testid='me-draft'] [data-testid='statement-line']"));
        assertThat(line.getAttribute("data-cents")).isEqualTo("100");
        assertThat(line.getText()).contains("€1.00", "UV resin: 20 × gram");
        assertThat(browser.findElement(testId("statement-total")).getText()).isEqualTo("€1.00 owed");
        assertThat(browser.findElement(By.cssSelector("[data-testid='statement-vat-row'][data-vat='550']")).getText())
                .contains("5.5%", "€1.00", "€0.05");
        assertThat(browser.findElement(testId("me-balance")).getAttribute("data-cents")).isEqualTo("100");
        assertThat(browser.findElement(testId("me-balance")).getText()).isEqualTo("You owe €1.00.");
        chromium.screenshot("billing-maker-draft.png");

        browser.findElement(By.cssSelector("button[data-lang='fr']")).click();
        wait.until(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang"))
                && plainSpaces(d.findElement(By.cssSelector("[data-testid='me-draft'] [data-testid='statement-line']"))
                .getText()).contains("1,00 €"));
        assertThat(plainSpaces(browser.findElement(testId("me-balance")).getText())).contains("1,00 €");
        assertThat(browser.findElement(By.cssSelector("[data-testid='me-draft'] [data-testid='statement-line']"))
                .getText()).contains("UV resin : 20 × gramme");
        chromium.screenshot("billing-maker-draft-fr.png");

        assertThat(browser.findElement(testId("nav-ledger")).isDisplayed()).isFalse();
        assertThat(browser.findElement(testId("nav-statements")).isDisplayed()).isTrue();
        open("#/ledger", "ledger");
        wait.until(d -> !d.findElements(testId("page-forbidden")).isEmpty());
        assertThat(browser.findElements(testId("ledger-list"))).isEmpty();
    }

    @Test
    void staff_createACoupon_setAPlan_recordAndCorrectAConsumable_andAMakerRedeemsTheCoupon() throws Exception {
        signIn("treasurer");
        open("#/ledger", "ledger");
        wait.until(d -> ready("ledger"));
        expand("coupon-create-form");
        type("coupon-create-code", "OPEN-DAY");
        type("coupon-create-amount", "7,50");
        type("coupon-create-max", "10");
        browser.findElement(testId("coupon-create-submit")).click();
        By coupon = By.cssSelector("[data-testid='coupon-row'][data-code='OPEN-DAY']");
        wait.withMessage(() -> formError("coupon-create-form")).until(d -> !d.findElements(coupon).isEmpty());
        assertThat(browser.findElement(coupon).getAttribute("data-redeemed")).isEqualTo("0");
        assertThat(browser.findElement(coupon).getText()).contains("€7.50", "0 of 10", "No end date");

        open("#/members/m-alice", "member");
        wait.until(d -> ready("member"));
        By plan = By.cssSelector("[data-testid='member-billing'] [data-field='plan']");
        assertThat(browser.findElement(plan).getAttribute("data-plan-id")).isEmpty();
        assertThat(browser.findElement(plan).getText()).isEqualTo("No plan");
        new Select(browser.findElement(testId("member-plan-select"))).selectByValue("maker-plus");
        browser.findElement(testId("member-plan-submit")).click();
        wait.withMessage(() -> formError("member-plan-form"))
                .until(d -> "maker-plus".equals(d.findElement(plan).getAttribute("data-plan-id")));
        assertThat(browser.findElement(plan).getText()).isEqualTo("Maker+");
        assertThat(new Select(browser.findElement(testId("member-plan-select"))).getFirstSelectedOption()
                .getAttribute("value")).isEqualTo("maker-plus");
        chromium.screenshot("billing-member-plan.png");
        signOut();

        signIn("maker");
        assertThat(route()).isEqualTo("me");
        long before = Long.parseLong(browser.findElement(testId("me-balance")).getAttribute("data-cents"));
        type("coupon-code", "OPEN-DAY");
        browser.findElement(testId("coupon-submit")).click();
        wait.withMessage(() -> formError("coupon-form")).until(d -> d.findElement(testId("coupon-redeemed")).isDisplayed());
        wait.until(d -> Long.parseLong(d.findElement(testId("me-balance")).getAttribute("data-cents")) == before - 750);
        By credit = By.cssSelector("[data-testid='me-draft'] [data-testid='statement-line'][data-kind='credit']");
        assertThat(browser.findElements(credit)).singleElement()
                .satisfies(line -> assertThat(line.getText()).contains("€7.50").doesNotContain("-€"));
        chromium.screenshot("billing-maker-coupon.png");
        signOut();

        signIn("fabmanager");
        open("#/members/m-david", "member");
        wait.until(d -> ready("member"));
        By balance = By.cssSelector("[data-testid='member-billing'] [data-field='balance']");
        long davidBefore = Long.parseLong(browser.findElement(balance).getAttribute("data-cents"));
        assertThat(browser.findElements(testId("member-plan-form"))).isEmpty();
        new Select(browser.findElement(testId("consumable-record-item"))).selectByValue("pla");
        type("consumable-record-quantity", "40");
        browser.findElement(testId("consumable-record-submit")).click();
        confirm();
        By pla = By.cssSelector("[data-testid='member-consumable-row'][data-item-id='pla']");
        wait.withMessage(() -> formError("consumable-record-form")).until(d -> d.findElements(pla).size() == 1);
        WebElement recorded = browser.findElement(pla);
        assertThat(recorded.getAttribute("data-quantity")).isEqualTo("40");
        assertThat(recorded.findElement(By.className("amount")).getAttribute("data-cents")).isEqualTo("200");
        assertThat(recorded.getText()).contains("PLA filament", "€2.00", "fabmanager");
        recorded.findElement(By.tagName("summary")).click();
        type("consumable-correct-quantity", "25");
        browser.findElement(testId("consumable-correct-submit")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='consumable-correct-form'] [data-error-for='reason']"))
                .isDisplayed());
        assertThat(browser.findElements(pla)).hasSize(1);
        type("consumable-correct-reason", "spool weighed again");
        browser.findElement(testId("consumable-correct-submit")).click();
        assertThat(wait.until(d -> d.findElement(testId("confirm-dialog"))).getAttribute("data-danger")).isEqualTo("true");
        confirm();
        wait.withMessage(() -> formError("consumable-correct-form")).until(d -> d.findElements(pla).size() == 2);
        By corrected = By.cssSelector("[data-testid='member-consumable-row'][data-item-id='pla'][data-quantity='25']");
        assertThat(browser.findElement(corrected).findElement(By.className("amount")).getAttribute("data-cents"))
                .isEqualTo("125");
        assertThat(Long.parseLong(browser.findElement(balance).getAttribute("data-cents"))).isEqualTo(davidBefore + 125);
        WebElement replaced = browser.findElement(By.cssSelector("[data-testid='member-consumable-row'][data-quantity='40']"));
        assertThat(replaced.findElement(By.className("amount")).getAttribute("data-cents")).isEqualTo("0");
        replaced.findElement(By.tagName("summary")).click();
        replaced.findElement(testId("consumable-correct-quantity")).clear();
        replaced.findElement(testId("consumable-correct-quantity")).sendKeys("30");
        replaced.findElement(testId("consumable-correct-reason")).sendKeys("second thoughts");
        replaced.findElement(testId("consumable-correct-submit")).click();
        confirm();
        // The replaced record's charge is already reversed: the gateway refuses a second correction of it.
        WebElement refusal = replaced.findElement(By.cssSelector("[data-form-error]"));
        wait.until(d -> refusal.isDisplayed());
        assertThat(refusal.getText()).contains("was already corrected");
        assertThat(browser.findElements(pla)).hasSize(2);
        By discount = By.cssSelector("[data-testid='member-details'] [data-field='group-discount']");
        assertThat(browser.findElements(discount)).isEmpty();
        expand("member-edit-form");
        type("member-edit-email", "david.nguyen@example.org");
        type("member-edit-group", "students");
        browser.findElement(testId("member-edit-submit")).click();
        wait.withMessage(() -> formError("member-edit-form")).until(d -> d.findElements(discount).size() == 1);
        assertThat(browser.findElement(discount).getText()).isEqualTo("25%");
        chromium.screenshot("billing-member-consumables.png");
        browser.findElement(By.cssSelector("button[data-lang='fr']")).click();
        wait.until(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang"))
                && plainSpaces(d.findElement(corrected).getText()).contains("1,25 €"));
        assertThat(plainSpaces(browser.findElement(balance).getText())).isEqualTo("Doit 1,25 €.");
        assertThat(plainSpaces(browser.findElement(discount).getText())).isEqualTo("25 %");
        signOut();

        signIn("treasurer");
        List<?> answer = download(baseUrl() + "/api/v1/ledger?member=m-david");
        assertThat(answer.get(0)).as("ledger: %s", answer.get(2)).isEqualTo(200L);
        List<String> amounts = new JsonArray((String) answer.get(2)).stream().map(JsonObject.class::cast)
                .map(entry -> entry.getString("kind") + " " + entry.getLong("amountCents")).toList();
        assertThat(amounts).containsExactlyInAnyOrder("charge 200", "correction -200", "charge 125");
    }

    /** The error a form shows, to explain a wait that failed. */
    private String formError(String formTestId) {
        return browser.findElements(By.cssSelector("[data-testid='" + formTestId + "'] [data-form-error]")).stream()
                .map(WebElement::getText).findFirst().orElse("no form " + formTestId);
    }

    private List<String> chargeCents() {
        return browser.findElements(By.cssSelector("[data-testid='ledger-row'][data-kind='charge'] .amount")).stream()
                .map(amount -> amount.getAttribute("data-cents")).toList();
    }

    /** Opens the {@code <details>} holding a form so its controls can be used. */
    private void expand(String formTestId) {
        WebElement details = browser.findElement(By.cssSelector("details:has([data-testid='" + formTestId + "'])"));
        if (details.getAttribute("open") == null) {
            details.findElement(By.tagName("summary")).click();
        }
    }

    private void type(String testId, String text) {
        WebElement input = browser.findElement(testId(testId));
        input.clear();
        input.sendKeys(text);
    }

    /** Sets a date or month input the way a picker would (typing into them depends on the browser's locale). */
    private void setValue(String testId, String value) {
        ((JavascriptExecutor) browser).executeScript("""
                const input = arguments[0];
                input.value = arguments[1];
                input.dispatchEvent(new Event('input', { bubbles: true }));
                input.dispatchEvent(new Event('change', { bubbles: true }));
                """, browser.findElement(testId(testId)), value);
    }

    private static String plainSpaces(String text) {
        return text.replaceAll("[\\s\\u00a0\\u202f]", " ");
    }
}

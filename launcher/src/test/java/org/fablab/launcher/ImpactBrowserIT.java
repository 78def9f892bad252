package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.PrintsPage;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * A funder's view of the lab: an admin makes a board account, a few printer sessions happen, and the funder signs in
 * to land on the impact report, picks a year, reads this week's report with its charts drawn from the sessions in
 * English and in French, prints it to a PDF, downloads its JSON, and is refused every other page. Screenshots of the
 * report's charts at 1366 and 390 px in both languages go to {@code target/screenshots/impact-<lang>-<width>.png}.
 */
class ImpactBrowserIT extends DashboardBrowserTest {
    private static final String PRINTER = "printer-1";
    private static final String FUNDER = "funder";
    private static final String FUNDER_PASSWORD = "funder-reads-2026";
    private static final List<String> CHARTS = List.of("impact-sessions", "impact-hours", "impact-machines",
            "impact-occupancy", "impact-revenue");

    @Override
    String labPrefix() {
        return "impact-ui";
    }

    @BeforeEach
    void readAgainWhatARenderSwapped() {
        wait.ignoring(StaleElementReferenceException.class);
    }

    @Test
    void aFunder_landsOnTheReport_seesChartsOfTheSessionsInBothLanguages_printsIt_andOpensNothingElse()
            throws Exception {
        DemoApi admin = new DemoApi(demo.gateway().httpPort(), "admin");
        assertThat(admin.post("/api/v1/accounts", "{\"username\":\"" + FUNDER + "\",\"password\":\"" + FUNDER_PASSWORD
                + "\",\"role\":\"board\"}").statusCode()).isEqualTo(201);
        useMachine(PRINTER, TestLabs.member("m-alice"), Duration.ofSeconds(2));
        useMachine(PRINTER, TestLabs.member("m-david"), Duration.ofSeconds(2));

        signIn(FUNDER, FUNDER_PASSWORD);

        assertThat(route()).isEqualTo("impact");
        assertThat(browser.findElements(By.cssSelector("nav a[data-nav]:not([hidden])")))
                .extracting(link -> link.getAttribute("data-nav")).contains("impact").doesNotContain("members", "ledger");
        assertThat(browser.findElements(testId("impact-chart"))).isNotEmpty();

        new Select(browser.findElement(testId("impact-kind"))).selectByValue("year");
        WebElement year = browser.findElement(testId("impact-year"));
        year.clear();
        year.sendKeys("2025");
        browser.findElement(testId("impact-show")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("#/impact?from=2025-01-01&to=2025-12-31") && ready("impact")
                && "2025-01-01".equals(part("current").getAttribute("data-from")));
        assertThat(part("previous").getAttribute("data-from")).isEqualTo("2024-01-01");
        assertThat(part("yearEarlier").getAttribute("data-to")).isEqualTo("2024-12-31");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        open("#/impact?from=" + today.minusDays(1) + "&to=" + today.plusDays(1), "impact");
        wait.until(d -> ready("impact") && today.minusDays(1).toString().equals(part("current").getAttribute("data-from")));
        assertChartsOfTheSessions("Prusa MK4 #1", "Sessions per month", "Mon");
        // a lab that no partner lab's member visited, and whose members visited none, shows no network section
        assertThat(browser.findElements(testId("impact-section"))).hasSize(5);
        assertThat(browser.findElements(By.cssSelector("[data-testid='impact-row'][data-figure^='network.']")))
                .isEmpty();
        assertThat(browser.findElement(testId("impact-threshold")).getText()).contains("< 5");
        assertThat(browser.findElement(testId("impact-download-csv")).getAttribute("href"))
                .contains("reports/impact.csv?from=" + today.minusDays(1)).contains("lang=en").contains("encoding=utf-8");
        new Select(browser.findElement(testId("impact-encoding"))).selectByValue("windows-1252");
        assertThat(browser.findElement(testId("impact-download-csv")).getAttribute("href"))
                .contains("encoding=windows-1252");
        assertThat(browser.findElement(testId("impact-download-pdf")).getAttribute("href"))
                .contains("reports/impact.pdf?from=" + today.minusDays(1)).contains("lang=en");
        List<?> pdf = download(browser.findElement(testId("impact-download-pdf")).getAttribute("href"));
        assertThat(pdf.get(0)).as("PDF link: %s", pdf.get(2)).isEqualTo(200L);
        assertThat(pdf.get(1)).isEqualTo("application/pdf");
        assertThat((String) pdf.get(2)).startsWith("%PDF-");
        List<?> json = download(browser.findElement(testId("impact-download-json")).getAttribute("href"));
        assertThat(json.get(0)).as("JSON link: %s", json.get(2)).isEqualTo(200L);
        assertThat((String) json.get(2)).contains("\"schema\":\"fablab-impact-report/1\"");
        screenshots("en");
        assertPrintsToPdf();

        browser.findElement(By.cssSelector("button[data-lang='fr']")).click();
        wait.until(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang"))
                && chartTitle("impact-sessions").equals("Sessions par mois"));
        assertChartsOfTheSessions("Prusa MK4 #1", "Sessions par mois", "lun.");
        assertThat(browser.findElement(testId("impact-download-pdf")).getAttribute("href")).contains("lang=fr");
        screenshots("fr");
        assertPrintsToPdf();

        open("#/members", "members");
        wait.until(d -> !d.findElements(testId("page-forbidden")).isEmpty());
        open("#/ledger", "ledger");
        wait.until(d -> !d.findElements(testId("page-forbidden")).isEmpty());
    }

    /** The charts drawn from this lab's data: the printer among the machines, its use in the week grid. */
    private void assertChartsOfTheSessions(String printerName, String sessionsTitle, String monday) {
        assertThat(browser.findElements(testId("impact-chart"))).extracting(f -> f.getAttribute("data-chart"))
                .containsAll(CHARTS);
        for (String chart : CHARTS) {
            WebElement svg = svg(chart);
            assertThat(svg.getAttribute("role")).isEqualTo("img");
            assertThat(svg.findElement(By.tagName("desc")).getAttribute("textContent")).isNotBlank();
        }
        assertThat(chartTitle("impact-sessions")).isEqualTo(sessionsTitle);
        // two sessions this month: below the threshold, drawn hatched with "< 5" and never as a number
        WebElement current = svg("impact-sessions").findElement(By.cssSelector("[data-series='current']"));
        assertThat(current.findElements(By.cssSelector("circle"))).isEmpty();
        assertThat(current.findElements(By.cssSelector("[data-suppressed='true']"))).isNotEmpty().allSatisfy(mark ->
                assertThat(mark.findElement(By.cssSelector(".suppressed-label")).getAttribute("textContent"))
                        .isEqualTo("< 5"));
        assertThat(row("machines.sessions").findElements(By.tagName("td")).get(1).getText()).isEqualTo("< 5");
        assertThat(svg("impact-machines").findElements(By.cssSelector(".bar-row")))
                .extracting(bar -> bar.getAttribute("data-label")).contains(printerName);
        List<WebElement> cells = svg("impact-occupancy").findElements(By.cssSelector("rect[data-day]"));
        assertThat(cells).hasSize(7 * 24);
        assertThat(cells).anySatisfy(cell -> assertThat(Long.parseLong(cell.getAttribute("data-seconds"))).isPositive());
        assertThat(svg("impact-occupancy").findElements(By.cssSelector(".heat-day")))
                .extracting(day -> day.getAttribute("textContent")).hasSize(7).first().isEqualTo(monday);
        assertThat(svg("impact-revenue").findElements(By.cssSelector(".bar-row"))).hasSize(4);
    }

    private void assertPrintsToPdf() {
        String pdf = ((PrintsPage) browser).print(new PrintOptions()).getContent();
        byte[] bytes = Base64.getDecoder().decode(pdf);
        assertThat(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    }

    private void screenshots(String lang) throws IOException {
        for (int width : new int[] {1366, 390}) {
            browser.manage().window().setSize(new Dimension(width, 900));
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                    browser.findElement(testId("impact-charts")));
            chromium.screenshot("impact-" + lang + "-" + width + ".png");
        }
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private WebElement part(String key) {
        return browser.findElement(By.cssSelector("[data-testid='impact-part'][data-part='" + key + "']"));
    }

    private WebElement row(String figure) {
        return browser.findElement(By.cssSelector("[data-testid='impact-row'][data-figure='" + figure + "']"));
    }

    private WebElement svg(String chart) {
        return browser.findElement(By.cssSelector("figure[data-chart='" + chart + "'] svg"));
    }

    private String chartTitle(String chart) {
        return svg(chart).findElement(By.tagName("title")).getAttribute("textContent");
    }
}

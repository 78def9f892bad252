package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.domain.RejectionLimiter;
import org.fablab.gateway.domain.SecurityEvent;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.Rejection;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The audit and security logs in Debian's headless Chromium against a running demo lab, in English and French: one
 * sentence per entry with names, filters and pages in the address, the CSV link in the reader's language, refusal
 * reasons in words; never a raw action code or a Java record dump.
 */
class AuditBrowserIT extends DashboardBrowserTest {
    private static final int TRAININGS = 55;
    private static final int BAD_SIGNATURES = 60;
    private static final List<String> NEVER_SHOWN = List.of("Record[", "[machineKind=", "training.created",
            "account.created", "bad-signature", "clock-skew", "{actor}", "{member}", "audit.action.");

    @Override
    String labPrefix() {
        return "audit-ui";
    }

    @Test
    void aFabmanager_readsTheAuditLogAsSentences_pagesAndFiltersIt_inEnglishAndFrench() throws Exception {
        Principal bruno = new Principal("fabmanager", Role.FABMANAGER, "m-bruno", "Bruno");
        for (int i = 0; i < TRAININGS; i++) {
            demo.gateway().access().createTraining(bruno, new Training("audit-" + i, "Audit training " + i,
                    TrainingCategory.COMPETENCY, Set.of("3d-printer"), new TrainingValidity.Forever()));
        }

        signIn("fabmanager");
        assertThat(browser.findElement(testId("nav-security")).isDisplayed()).isTrue();
        open("#/audit", "audit");
        wait.until(d -> ready("audit"));
        List<WebElement> rows = browser.findElements(testId("audit-row"));
        assertThat(rows).hasSize(50);
        WebElement newest = rows.stream().filter(row -> "training.created".equals(row.getAttribute("data-action")))
                .findFirst().orElseThrow();
        assertThat(newest.findElement(testId("audit-sentence")).getText())
                .matches(".+ created the training Audit training " + (TRAININGS - 1));
        assertThat(newest.findElement(testId("audit-actor-link")).getAttribute("href")).endsWith("#/members/m-bruno");
        assertThat(browser.findElement(testId("pager-range")).getText()).startsWith("1–50 of ");
        assertReadable();
        chromium.screenshot("audit-en.png");

        browser.findElement(testId("pager-next")).click();
        wait.until(d -> d.getCurrentUrl().contains("offset=50") && ready("audit"));
        assertThat(browser.findElement(testId("pager-range")).getText()).startsWith("51–");

        new Select(browser.findElement(testId("audit-filter-action"))).selectByValue("training.created");
        browser.findElement(testId("audit-filter-actor")).sendKeys("fabmanager");
        browser.findElement(testId("audit-filter-submit")).click();
        wait.until(d -> d.getCurrentUrl().contains("action=training.created") && !d.getCurrentUrl().contains("offset")
                && ready("audit"));
        assertThat(browser.findElements(testId("audit-row"))).hasSize(50)
                .allSatisfy(row -> assertThat(row.getAttribute("data-action")).isEqualTo("training.created"));
        assertThat(browser.findElement(testId("pager-range")).getText()).isEqualTo("1–50 of " + TRAININGS);
        assertThat(browser.findElement(testId("audit-csv")).getAttribute("href"))
                .contains("audit.csv?").contains("action=training.created").contains("lang=en");

        browser.findElement(By.cssSelector("button[data-lang='fr']")).click();
        wait.until(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang")) && ready("audit")
                && d.findElement(testId("audit-csv")).getAttribute("href").contains("lang=fr"));
        assertThat(browser.findElements(testId("audit-sentence")).get(0).getText())
                .matches(".+ a créé la formation Audit training " + (TRAININGS - 1));
        assertThat(browser.findElement(testId("pager-range")).getText()).isEqualTo("1–50 sur " + TRAININGS);
        assertReadable();
        chromium.screenshot("audit-fr.png");

        open("#/audit?action=account.created", "audit");
        wait.until(d -> ready("audit") && d.findElements(testId("audit-row")).stream()
                .allMatch(row -> "account.created".equals(row.getAttribute("data-action"))));
        assertThat(browser.findElements(testId("audit-sentence"))).isNotEmpty()
                .allSatisfy(sentence -> assertThat(sentence.getText()).contains("a créé le compte"));
        assertReadable();
        chromium.screenshot("audit-accounts-fr.png");
    }

    @Test
    void aFabmanager_readsRefusedMessagesInWords_filtersAndPagesThem_inEnglishAndFrench() throws Exception {
        Instant now = Instant.now();
        List<SecurityEvent> refused = new ArrayList<>();
        for (int i = 0; i < BAD_SIGNATURES; i++) {
            refused.add(new SecurityEvent("sig-" + i, now.minusSeconds(i), "laser-1",
                    "fablab/v1/audit-ui/nodes/laser-1/events", Rejection.BAD_SIGNATURE, "signature does not verify"));
        }
        refused.add(new SecurityEvent("skew", now.minusSeconds(90), "printer-1",
                "fablab/v1/audit-ui/nodes/printer-1/events", Rejection.CLOCK_SKEW, "ts 2 h ahead"));
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        demo.gateway().store().store(List.of(), refused, List.of(
                new RejectionLimiter.Count("laser-1", Rejection.BAD_SIGNATURE, minute, BAD_SIGNATURES + 200),
                new RejectionLimiter.Count("printer-1", Rejection.CLOCK_SKEW, minute, 1)));

        signIn("fabmanager");
        open("#/security", "security");
        wait.until(d -> ready("security"));
        assertThat(browser.findElements(testId("security-row"))).hasSize(50);
        assertThat(browser.findElement(testId("security-list")).getText()).contains("Signature does not match")
                .contains("The signature does not match the node's registered key");
        assertThat(browser.findElement(testId("refusal-list")).getText()).contains("Signature does not match")
                .contains(Integer.toString(BAD_SIGNATURES + 200));
        assertReadable();
        chromium.screenshot("audit-security-en.png");

        browser.findElement(testId("pager-next")).click();
        wait.until(d -> d.getCurrentUrl().contains("offset=50") && ready("security"));
        assertThat(browser.findElements(testId("security-row"))).hasSizeGreaterThanOrEqualTo(BAD_SIGNATURES + 1 - 50);

        new Select(browser.findElement(testId("security-filter-reason"))).selectByValue("clock-skew");
        browser.findElement(testId("security-filter-submit")).click();
        wait.until(d -> d.getCurrentUrl().contains("reason=clock-skew") && ready("security"));
        assertThat(browser.findElements(testId("security-row"))).singleElement()
                .satisfies(row -> assertThat(row.getAttribute("data-node")).isEqualTo("printer-1"));

        browser.findElement(By.cssSelector("button[data-lang='fr']")).click();
        wait.until(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang")) && ready("security")
                && d.findElement(testId("security-list")).getText().contains("Horloge du boîtier trop décalée"));
        open("#/security", "security");
        wait.until(d -> ready("security") && d.findElements(testId("security-row")).size() == 50);
        assertThat(browser.findElement(testId("security-list")).getText()).contains("Signature invalide")
                .contains("La signature ne correspond pas à la clé enregistrée du nœud");
        assertReadable();
        chromium.screenshot("audit-security-fr.png");
    }

    /** No raw code, placeholder or record dump anywhere on the page. */
    private void assertReadable() {
        String text = browser.findElement(By.id("page")).getText();
        for (String raw : NEVER_SHOWN) {
            assertThat(text).as("the page shows %s", raw).doesNotContain(raw);
        }
    }
}

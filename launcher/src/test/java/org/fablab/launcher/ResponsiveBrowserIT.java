package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Every page each demo role may open, on phones (390 and 360 px) and a laptop (1366 px), in English and French: no
 * page is wider than the screen and no word of a name is broken over lines; a screenshot of each at 360 and 1366 px
 * under {@code target/screenshots/<role>-<page>-<lang>-<width>.png}. The pages are the router's own list (router.js
 * ROUTES, filtered by what the signed-in role may open), so a page added later is walked too. One lab, one browser,
 * one sign-in per role; the demo has no board account, so the test makes one.
 */
class ResponsiveBrowserIT extends DashboardBrowserTest {
    private static final List<String> ROLES = List.of("maker", "trainer", "fabmanager", "treasurer", "admin", "board");
    private static final String BOARD_PASSWORD = "board-reads-2026";
    /** Pages a role must be walked on, beside the board and #/me, so a route lost from ROUTES shows. */
    private static final Map<String, List<String>> PAGES_OF = Map.of(
            "fabmanager", List.of("machines", "impact", "audit", "security"),
            "treasurer", List.of("machines", "impact", "audit"),
            "admin", List.of("machines", "impact", "audit", "security", "accounts"),
            "board", List.of("impact"));
    /** A laptop, a common phone and the narrowest phone the dashboard is laid out for. */
    private static final List<Dimension> SIZES = List.of(new Dimension(1366, 768), new Dimension(390, 844),
            new Dimension(360, 800));
    /**
     * The sizes screenshots are taken at, one per layout of style.css: 390 px is laid out as 360 px is, only wider,
     * and the screenshots are most of the walk's time.
     */
    private static final List<Integer> SCREENSHOT_WIDTHS = List.of(1366, 360);
    /**
     * The layout faults on the page, one line each: words of letters (names, labels) broken over two lines or more
     * outside identifiers ({@code code}, where any break is allowed), and table cells narrower than 4em holding a word
     * of five letters or more.
     */
    private static final String LAYOUT_FAULTS = """
            const faults = [];
            // a whole word of prose or a name (a hyphen is a fair place to break), not a piece of a longer token
            // such as PriceList[machineKind=laser-cutter]
            const WORD = /(?<![^\\s(«"'’-])\\p{L}[\\p{L}\\p{M}'’]{3,}(?![^\\s,.;:!?)»"'’-])/gu;
            const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const parent = node.parentElement;
              if (!parent || !visible(parent) || parent.closest('code, .id, .hash, .cause, script, style, noscript')) {
                continue;
              }
              for (const match of node.data.matchAll(WORD)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
                if (tops.size > 1) {
                  faults.push('"' + match[0] + '" broken over ' + tops.size + ' lines in <' + parent.tagName.toLowerCase()
                    + ' class="' + parent.className + '">');
                }
              }
            }
            for (const cell of document.querySelectorAll('td, th')) {
              if (!visible(cell) || !/\\p{L}{5,}/u.test(cell.textContent)) {
                continue;
              }
              const em = parseFloat(getComputedStyle(cell).fontSize);
              if (cell.getBoundingClientRect().width < 4 * em) {
                faults.push('cell "' + cell.textContent.trim().slice(0, 30) + '" only '
                  + Math.round(cell.getBoundingClientRect().width) + ' px wide');
              }
            }
            return faults;
            """;

    @Override
    String labPrefix() {
        return "responsive";
    }

    @Test
    void everyPageOfEveryRole_fitsAPhoneAndALaptop_inEnglishAndFrench() throws Exception {
        assertThat(new DemoApi(demo.gateway().httpPort(), "admin").post("/api/v1/accounts", "{\"username\":\"board\","
                + "\"password\":\"" + BOARD_PASSWORD + "\",\"role\":\"board\"}").statusCode()).isEqualTo(201);
        List<String> faults = new ArrayList<>();
        browser.get(baseUrl() + "/?lang=en");
        walk("visitor", List.of("board", "login"), faults);
        for (String role : ROLES) {
            signIn(role, role.equals("board") ? BOARD_PASSWORD : DemoLab.DEMO_PASSWORD);
            List<String> pages = pagesOffered();
            assertThat(pages).as("pages %s may open", role).contains("board", "me")
                    .containsAll(PAGES_OF.getOrDefault(role, List.of("machines")));
            if (role.equals("board")) {
                assertThat(pages).as("a board account is offered no page of everyday lab work")
                        .doesNotContain("machines", "prices", "consumables", "statements");
            }
            walk(role, pages, faults);
            if (role.equals("admin")) {
                menuFoldsOnAPhone_andOpensFromTheKeyboard();
            }
            signOut();
        }
        assertThat(faults).isEmpty();
    }

    /** The role with the most pages: the menu button folds them on a phone, and works from the keyboard. */
    private void menuFoldsOnAPhone_andOpensFromTheKeyboard() throws IOException {
        browser.manage().window().setSize(SIZES.get(0));
        assertThat(browser.findElement(testId("nav-toggle")).isDisplayed()).isFalse();
        assertThat(browser.findElement(testId("nav-ledger")).isDisplayed()).isTrue();

        browser.manage().window().setSize(SIZES.get(1));
        WebElement toggle = browser.findElement(testId("nav-toggle"));
        assertThat(toggle.isDisplayed()).isTrue();
        assertThat(browser.findElement(testId("nav")).isDisplayed()).isFalse();
        toggle.sendKeys(Keys.ENTER);
        wait.until(d -> d.findElement(testId("nav")).isDisplayed());
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        chromium.screenshot("admin-menu-fr-390.png");

        browser.findElement(testId("nav-ledger")).sendKeys(Keys.ESCAPE);
        wait.until(d -> !d.findElement(testId("nav")).isDisplayed());
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(browser.switchTo().activeElement()).isEqualTo(toggle);

        toggle.sendKeys(Keys.SPACE);
        wait.until(d -> d.findElement(testId("nav")).isDisplayed());
        browser.findElement(testId("nav-ledger")).sendKeys(Keys.ENTER);
        wait.until(d -> "ledger".equals(route()) && !d.findElement(testId("nav")).isDisplayed());
    }

    /**
     * Each page is shown once per language and checked at every size in turn: the layout is CSS media queries only
     * (style.css), so resizing the shown page lays it out as a fresh load at that size would.
     */
    @SuppressWarnings("unchecked")
    private void walk(String role, List<String> pages, List<String> faults) throws IOException {
        for (String lang : List.of("en", "fr")) {
            chooseLanguage(lang);
            for (String page : pages) {
                show(page);
                for (Dimension size : SIZES) {
                    browser.manage().window().setSize(size);
                    String where = role + " " + page + " " + lang + " " + size.getWidth() + ": ";
                    Map<String, Object> widths = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                            "return {page: document.documentElement.scrollWidth, screen: window.innerWidth};");
                    long pageWidth = ((Number) widths.get("page")).longValue();
                    long screenWidth = ((Number) widths.get("screen")).longValue();
                    if (pageWidth > screenWidth) {
                        faults.add(where + "page " + pageWidth + " px wide on a " + screenWidth + " px screen");
                    }
                    List<String> layout = (List<String>) ((JavascriptExecutor) browser).executeScript(LAYOUT_FAULTS);
                    layout.forEach(fault -> faults.add(where + fault));
                    if (SCREENSHOT_WIDTHS.contains(size.getWidth())) {
                        chromium.screenshot(role + "-" + page + "-" + lang + "-" + size.getWidth() + ".png");
                    }
                }
            }
        }
    }
}

package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The dashboard in French has no English: as a visitor and as each role, every page the dashboard offers (the same
 * walk as the responsive test), with its folded panels open and each form that asks for a text sent empty so its
 * error lines show, and the error pages (unknown address, page of another role, unknown member). Every text on the
 * page, shown or not, and the title, placeholder and aria-label attributes are read; a text holding a word of
 * {@link EnglishWords} fails the test, listed once with the first page it was found on. One lab, one browser, one
 * sign-in per role.
 */
class FrenchOnlyBrowserIT extends DashboardBrowserTest {
    private static final List<String> ROLES = List.of("maker", "trainer", "fabmanager", "treasurer", "admin", "board");
    /** The board account the test makes (the demo has none), named in French so its name is no English word. */
    private static final String BOARD_USERNAME = "conseil";
    private static final String BOARD_PASSWORD = "conseil-lit-2026";

    /** The page's texts: text nodes outside identifiers and scripts, the title, and the texts of attributes. */
    private static final String TEXTS = """
            const texts = [document.title];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const parent = node.parentElement;
              if (parent && !parent.closest('code, .id, .hash, .cause, script, style, noscript') && node.data.trim()) {
                texts.push(node.data.trim());
              }
            }
            for (const e of document.body.querySelectorAll('[title], [placeholder], [aria-label]')) {
              for (const name of ['title', 'placeholder', 'aria-label']) {
                if (e.getAttribute(name)) {
                  texts.push(e.getAttribute(name));
                }
              }
            }
            return texts;
            """;

    /**
     * Opens every folded panel, then sends empty each form of the page that asks for a text (a required text, number,
     * date or e-mail field), so that its refusal shows: forms with nothing to leave empty, or whose button is a
     * destructive one, are left alone.
     */
    private static final String SEND_EMPTY_FORMS = """
            const page = document.getElementById('page');
            page.querySelectorAll('details').forEach((d) => { d.open = true; });
            const textual = 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), textarea';
            let sent = 0;
            for (const form of page.querySelectorAll('form')) {
              const fields = [...form.querySelectorAll(textual)];
              if (!fields.some((f) => f.required) || form.querySelector('.button-danger')) {
                continue;
              }
              fields.forEach((f) => { f.value = ''; });
              form.requestSubmit();
              sent += 1;
            }
            return sent;
            """;

    @Override
    String labPrefix() {
        return "french";
    }

    @Test
    void everyPageAndErrorOfEveryRole_inFrench_hasNoEnglishWord() throws Exception {
        assertThat(new DemoApi(demo.gateway().httpPort(), "admin").post("/api/v1/accounts", "{\"username\":\""
                + BOARD_USERNAME + "\",\"password\":\"" + BOARD_PASSWORD + "\",\"role\":\"board\"}").statusCode())
                .isEqualTo(201);
        Map<String, String> english = new LinkedHashMap<>();
        int formsSent = 0;

        browser.get(baseUrl() + "/?lang=fr");
        wait.until(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        List<String> visitorPages = new ArrayList<>(pagesOffered());
        visitorPages.add("login");
        formsSent += walk("visiteur", visitorPages, english);
        for (String role : ROLES) {
            if (role.equals("board")) {
                signIn(BOARD_USERNAME, BOARD_PASSWORD);
            } else {
                signIn(role);
            }
            chooseLanguage("fr");
            formsSent += walk(role, pagesOffered(), english);
            if (role.equals("maker")) {
                errorPage("maker", "#/no-such-page", "not-found", "page-not-found", english);
                errorPage("maker", "#/accounts", "accounts", "page-forbidden", english);
            }
            if (role.equals("fabmanager")) {
                errorPage("fabmanager", "#/members/m-nobody", "member", "page-error", english);
            }
            // signing out from the board, as a person would, rather than from a page a form was just sent on
            show("board");
            signOut();
        }
        read("visiteur login (after sign-out)", english);

        assertThat(formsSent).as("forms sent empty over the walk").isGreaterThan(20);
        assertThat(english).as("texts with English words, by text: first page [words]").isEmpty();
    }

    private int walk(String who, List<String> pages, Map<String, String> english) throws IOException {
        int sent = 0;
        for (String page : pages) {
            show(page);
            String where = who + " " + page;
            read(where, english);
            if (!page.equals("board")) {
                long forms = ((Number) ((JavascriptExecutor) browser).executeScript(SEND_EMPTY_FORMS)).longValue();
                if (forms > 0) {
                    wait.until(d -> d.findElements(By.cssSelector("form[aria-busy]")).isEmpty());
                    read(where + " (forms sent empty)", english);
                }
                sent += forms;
            }
            chromium.screenshot("fr-" + who + "-" + page + ".png");
        }
        return sent;
    }

    private void errorPage(String who, String hash, String route, String notice, Map<String, String> english) {
        open(hash, route);
        wait.until(d -> !d.findElements(testId(notice)).isEmpty());
        read(who + " " + hash, english);
    }

    /** Adds each text of the page with English words, and the page it was first found on, to {@code english}. */
    @SuppressWarnings("unchecked")
    private void read(String where, Map<String, String> english) {
        for (String text : (List<String>) ((JavascriptExecutor) browser).executeScript(TEXTS)) {
            List<String> words = EnglishWords.in(text);
            if (!words.isEmpty()) {
                english.putIfAbsent(text, where + " " + words);
            }
        }
    }
}

package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Accounts in Chromium against a gateway that sends mail through a real SMTP server (GreenMail, started here): the
 * admin invites someone in the dashboard, the link is read from the received mail and followed, the new account
 * chooses its password and signs in; then a password reset by e-mail, and a deactivation that shuts the account out.
 */
class AccountsBrowserIT extends DashboardBrowserTest {
    private static final Pattern LINK = Pattern.compile("(http://\\S+/#/(accept|reset)\\?token=[A-Za-z0-9_-]+)");
    private static final String EMAIL = "camille@example.org";
    private static final String FIRST_PASSWORD = "first long passphrase";
    private static final String SECOND_PASSWORD = "second long passphrase";
    private static GreenMail smtp;
    private final int httpPort = EmbeddedBrokerEndToEndIT.freePort();

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @Override
    String labPrefix() {
        return "accounts";
    }

    @Override
    Map<String, String> settings() {
        return Map.of("FABLAB_HTTP_PORT", Integer.toString(httpPort),
                "FABLAB_MAIL_HOST", "127.0.0.1",
                "FABLAB_MAIL_PORT", Integer.toString(smtp.getSmtp().getPort()),
                "FABLAB_MAIL_TLS", "none",
                "FABLAB_MAIL_FROM", "fablab@example.org",
                "FABLAB_MAIL_PUBLIC_URL", "http://127.0.0.1:" + httpPort);
    }

    @Test
    void anInvitedPerson_followsTheMailedLink_setsAPassword_signsIn_thenResetsItByEmail_andIsDeactivated()
            throws Exception {
        signIn("admin");
        open("#/accounts", "accounts");
        wait.until(d -> ready("accounts"));
        assertThat(browser.findElement(testId("invite-mail-status")).getText()).contains("sent by e-mail");
        chromium.screenshot("accounts-list.png");

        browser.findElement(testId("invite-email")).sendKeys(EMAIL);
        new Select(browser.findElement(testId("invite-role"))).selectByValue("trainer");
        browser.findElement(testId("invite-submit")).click();
        wait.until(d -> !d.findElements(testId("link-mailed")).isEmpty());
        assertThat(browser.findElement(testId("link-mailed")).getText()).contains(EMAIL);
        chromium.screenshot("accounts-invited.png");

        String invitation = linkInMail(1, "Your fablab account");
        assertThat(invitation).startsWith(baseUrl() + "/#/accept?token=");
        signOut();
        browser.get(invitation);
        wait.until(d -> "accept".equals(route()) && !d.findElements(testId("accept-form")).isEmpty());
        browser.findElement(testId("accept-username")).sendKeys("camille");
        browser.findElement(testId("accept-password")).sendKeys(FIRST_PASSWORD);
        browser.findElement(testId("accept-confirm")).sendKeys(FIRST_PASSWORD);
        chromium.screenshot("accounts-accept.png");
        browser.findElement(testId("accept-submit")).click();
        wait.until(d -> d.findElement(testId("accept-done")).isDisplayed());

        signIn("camille", FIRST_PASSWORD);
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-role")).isEqualTo("trainer");
        chromium.screenshot("accounts-signed-in.png");
        signOut();

        browser.findElement(testId("login-forgot")).click();
        wait.until(d -> "reset".equals(route()) && !d.findElements(testId("reset-email")).isEmpty());
        browser.findElement(testId("reset-email")).sendKeys(EMAIL);
        browser.findElement(testId("reset-request-submit")).click();
        wait.until(d -> d.findElement(testId("reset-requested")).isDisplayed());
        chromium.screenshot("accounts-reset-request.png");
        String reset = linkInMail(2, "Reset your fablab password");
        browser.get(reset);
        wait.until(d -> "reset".equals(route()) && !d.findElements(testId("reset-confirm-form")).isEmpty());
        browser.findElement(testId("reset-password")).sendKeys(SECOND_PASSWORD);
        browser.findElement(testId("reset-confirm")).sendKeys(SECOND_PASSWORD);
        browser.findElement(testId("reset-confirm-submit")).click();
        wait.until(d -> d.findElement(testId("reset-done")).isDisplayed());
        chromium.screenshot("accounts-reset-done.png");
        signIn("camille", SECOND_PASSWORD);
        signOut();

        signIn("admin");
        open("#/accounts", "accounts");
        wait.until(d -> ready("accounts"));
        WebElement row = accountRow("camille");
        assertThat(row.getAttribute("data-active")).isEqualTo("true");
        row.findElement(testId("account-deactivate")).click();
        WebElement asked = wait.until(d -> d.findElement(testId("confirm-dialog")));
        assertThat(asked.getAttribute("data-danger")).isEqualTo("true");
        assertThat(asked.getText()).contains("Deactivate camille?");
        assertThat(asked.findElement(testId("confirm-yes")).getCssValue("background-color"))
                .isEqualTo("rgba(179, 38, 30, 1)");
        chromium.screenshot("accounts-deactivate-confirm.png");
        confirm();
        wait.until(d -> "false".equals(accountRow("camille").getAttribute("data-active")));
        chromium.screenshot("accounts-deactivated.png");
        signOut();

        browser.findElement(testId("login-username")).sendKeys("camille");
        browser.findElement(testId("login-password")).sendKeys(SECOND_PASSWORD);
        browser.findElement(testId("login-submit")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='login-form'] [data-form-error]")).isDisplayed());
        assertThat(route()).isEqualTo("login");
    }

    private WebElement accountRow(String username) {
        return browser.findElement(By.cssSelector("[data-testid='account-row'][data-username='" + username + "']"));
    }

    /** The link in the {@code count}-th mail received, after checking who it went to and its subject. */
    private static String linkInMail(int count, String subject) throws Exception {
        assertThat(smtp.waitForIncomingEmail(20_000, count)).as("mail number " + count + " arrived").isTrue();
        MimeMessage mail = smtp.getReceivedMessages()[count - 1];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(EMAIL);
        assertThat(mail.getSubject()).isEqualTo(subject);
        Matcher link = LINK.matcher(String.valueOf(mail.getContent()));
        assertThat(link.find()).as("a link in the mail").isTrue();
        return link.group(1);
    }
}

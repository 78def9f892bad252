package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.RecordingMailer;
import org.fablab.gateway.service.AccountService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts over HTTP: invitations, changes, deactivation and password resets, mailed through a recording mailer. */
class AccountsApiTest {
    private static final String NEW_PASSWORD = "a brand new passphrase";
    @TempDir
    Path folder;
    private ApiHarness harness;

    @BeforeEach
    void start() {
        harness = new ApiHarness(folder);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private ApiHarness.Response login(String username, String password) {
        return harness.anonymous().post("/api/v1/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void anInvitedPerson_choosesUsernameAndPassword_andSignsIn_andTheLinkWorksOnce() {
        ApiHarness.Response invited = harness.browser(Role.ADMIN).post("/api/v1/accounts/invitations",
                "{\"email\":\"Zoe@Example.org\",\"role\":\"trainer\",\"memberId\":\"m-maker\",\"lang\":\"fr\"}");

        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        assertThat(invited.json().get("delivery").asText()).isEqualTo("mailed");
        assertThat(invited.json().has("link")).isFalse();
        RecordingMailer.Mail mail = harness.mailer.last();
        assertThat(mail.to()).isEqualTo("zoe@example.org");
        assertThat(mail.subject()).isEqualTo("Votre compte au fablab");
        assertThat(mail.text()).contains(ApiHarness.PUBLIC_URL + "/#/accept?token=" + mail.token())
                .contains("72 heures");
        String accept = "{\"token\":\"" + mail.token() + "\",\"username\":\"zoe\",\"password\":\"" + NEW_PASSWORD + "\"}";
        ApiHarness.Response created = harness.anonymous().post("/api/v1/invitations/accept", accept);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("role").asText()).isEqualTo("trainer");
        assertThat(created.json().get("email").asText()).isEqualTo("zoe@example.org");
        assertThat(created.json().get("memberId").asText()).isEqualTo("m-maker");
        assertThat(login("zoe", NEW_PASSWORD).status()).isEqualTo(200);

        ApiHarness.Response again = harness.anonymous().post("/api/v1/invitations/accept",
                accept.replace("\"zoe\"", "\"zoe2\""));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("field").asText()).isEqualTo("token");
        JsonNode audit = harness.browser(Role.ADMIN).get("/api/v1/audit?limit=50").json();
        assertThat(audit.findValuesAsText("action")).contains("account.invited", "account.created");
        assertThat(audit.get("entries")).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("account.invited");
            assertThat(entry.get("params").get("role").asText()).isEqualTo("trainer");
        });
        assertThat(audit.toString()).doesNotContain(mail.token());
    }

    @Test
    void aTakenUsername_leavesTheInvitationUsable() {
        harness.browser(Role.ADMIN).post("/api/v1/accounts/invitations", "{\"email\":\"x@example.org\",\"role\":\"maker\"}");
        String token = harness.mailer.last().token();

        ApiHarness.Response taken = harness.anonymous().post("/api/v1/invitations/accept",
                "{\"token\":\"" + token + "\",\"username\":\"maker\",\"password\":\"" + NEW_PASSWORD + "\"}");
        ApiHarness.Response retried = harness.anonymous().post("/api/v1/invitations/accept",
                "{\"token\":\"" + token + "\",\"username\":\"xavier\",\"password\":\"" + NEW_PASSWORD + "\"}");

        assertThat(taken.status()).isEqualTo(409);
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
    }

    @Test
    void whenTheMailServerFails_theAdminIsToldWhy_andGetsTheLink() {
        harness.mailer.failing(true);

        ApiHarness.Response invited = harness.browser(Role.ADMIN).post("/api/v1/accounts/invitations",
                "{\"email\":\"x@example.org\",\"role\":\"maker\"}");

        assertThat(invited.status()).isEqualTo(201);
        assertThat(invited.json().get("delivery").asText()).isEqualTo("failed");
        assertThat(invited.json().get("error").asText()).contains("connection refused");
        assertThat(invited.json().get("link").asText()).startsWith(ApiHarness.PUBLIC_URL + "/#/accept?token=");
        assertThat(harness.browser(Role.ADMIN).get("/api/v1/audit?limit=50").json().findValuesAsText("action"))
                .contains("account.mail-failed");
    }

    @Test
    void anInvitationForAnUnknownMember_isNotFound_andSendsNothing() {
        ApiHarness.Response invited = harness.browser(Role.ADMIN).post("/api/v1/accounts/invitations",
                "{\"email\":\"x@example.org\",\"role\":\"maker\",\"memberId\":\"m-nobody\"}");

        assertThat(invited.status()).isEqualTo(404);
        assertThat(harness.mailer.mails()).isEmpty();
    }

    @Test
    void onlyAnAdmin_invitesOrChangesAccounts() {
        assertThat(harness.browser(Role.FABMANAGER).post("/api/v1/accounts/invitations",
                "{\"email\":\"x@example.org\",\"role\":\"admin\"}").status()).isEqualTo(403);
        assertThat(harness.browser(Role.FABMANAGER).patch("/api/v1/accounts/maker", "{\"role\":\"admin\"}").status())
                .isEqualTo(403);
        assertThat(harness.anonymous().post("/api/v1/accounts/invitations",
                "{\"email\":\"x@example.org\",\"role\":\"admin\"}").status()).isEqualTo(401);
        assertThat(harness.browser(Role.MAKER).post("/api/v1/password-resets", "{\"username\":\"admin\"}").status())
                .isEqualTo(403);
        assertThat(harness.mailer.mails()).isEmpty();
    }

    @Test
    void aDeactivatedAccount_cannotSignIn_andItsSessionsAndTokensEnd() {
        ApiHarness.Client maker = harness.browser(Role.MAKER);
        ApiHarness.Client script = harness.script(Role.MAKER);
        assertThat(maker.get("/api/v1/me").status()).isEqualTo(200);

        ApiHarness.Response changed = harness.browser(Role.ADMIN).patch("/api/v1/accounts/maker", "{\"active\":false}");

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("active").asBoolean()).isFalse();
        assertThat(maker.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(script.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(login("maker", ApiHarness.PASSWORD).status()).isEqualTo(401);
        harness.browser(Role.ADMIN).patch("/api/v1/accounts/maker", "{\"active\":true}");
        assertThat(login("maker", ApiHarness.PASSWORD).status()).isEqualTo(200);
        assertThat(harness.browser(Role.ADMIN).get("/api/v1/audit?limit=50").json().findValuesAsText("action"))
                .contains("account.deactivated", "account.reactivated");
    }

    @Test
    void theLastActiveAdmin_cannotBeDemotedOrDeactivated_butOneOfTwoCan() {
        ApiHarness.Client admin = harness.browser(Role.ADMIN);

        ApiHarness.Response demoted = admin.patch("/api/v1/accounts/admin", "{\"role\":\"maker\"}");
        ApiHarness.Response deactivated = admin.patch("/api/v1/accounts/admin", "{\"active\":false}");

        assertThat(demoted.status()).isEqualTo(403);
        assertThat(demoted.json().get("detail").asText()).contains("without an active admin");
        assertThat(deactivated.status()).isEqualTo(403);
        assertThat(admin.patch("/api/v1/accounts/treasurer", "{\"role\":\"admin\"}").status()).isEqualTo(200);
        assertThat(admin.patch("/api/v1/accounts/admin", "{\"role\":\"fabmanager\"}").status()).isEqualTo(200);
    }

    @Test
    void aResetByEmail_isAlways202_mailsOnlyAnExistingAddress_andSetsTheNewPassword() {
        harness.browser(Role.ADMIN).patch("/api/v1/accounts/maker", "{\"email\":\"maker@example.org\"}");

        ApiHarness.Response unknown = harness.anonymous().post("/api/v1/password-resets",
                "{\"email\":\"nobody@example.org\"}");
        ApiHarness.Response known = harness.anonymous().post("/api/v1/password-resets",
                "{\"email\":\"MAKER@example.org\"}");

        assertThat(unknown.status()).isEqualTo(202);
        assertThat(known.status()).isEqualTo(202);
        assertThat(known.body()).isEqualTo(unknown.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.mailer.mails().size() == 1);
        RecordingMailer.Mail mail = harness.mailer.last();
        assertThat(mail.to()).isEqualTo("maker@example.org");
        assertThat(mail.text()).contains(ApiHarness.PUBLIC_URL + "/#/reset?token=").contains("\"maker\"");
        ApiHarness.Client session = harness.browser(Role.MAKER);
        String confirm = "{\"token\":\"" + mail.token() + "\",\"password\":\"" + NEW_PASSWORD + "\"}";
        assertThat(harness.anonymous().post("/api/v1/password-resets/confirm", confirm).status()).isEqualTo(204);
        assertThat(harness.anonymous().post("/api/v1/password-resets/confirm", confirm).status()).isEqualTo(400);
        assertThat(session.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(login("maker", ApiHarness.PASSWORD).status()).isEqualTo(401);
        assertThat(login("maker", NEW_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void resetRequestsForOneAddress_areThrottled_whetherItExistsOrNot() {
        for (int i = 0; i < AccountService.RESETS_PER_EMAIL; i++) {
            assertThat(harness.anonymous().post("/api/v1/password-resets", "{\"email\":\"nobody@example.org\"}")
                    .status()).isEqualTo(202);
        }

        ApiHarness.Response refused = harness.anonymous().post("/api/v1/password-resets",
                "{\"email\":\"nobody@example.org\"}");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anAdminResetsAnAccountWithoutEmail_andIsShownTheLink() {
        ApiHarness.Response reset = harness.browser(Role.ADMIN).post("/api/v1/password-resets",
                "{\"username\":\"trainer\"}");

        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().get("delivery").asText()).isEqualTo("shown");
        String link = reset.json().get("link").asText();
        assertThat(link).startsWith(ApiHarness.PUBLIC_URL + "/#/reset?token=");
        String token = link.substring(link.indexOf("token=") + 6);
        assertThat(harness.anonymous().post("/api/v1/password-resets/confirm",
                "{\"token\":\"" + token + "\",\"password\":\"" + NEW_PASSWORD + "\"}").status()).isEqualTo(204);
        assertThat(login("trainer", NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(harness.mailer.mails()).isEmpty();
    }

    @Test
    void theAccountListShowsEmailAndState() {
        harness.browser(Role.ADMIN).patch("/api/v1/accounts/maker", "{\"active\":false,\"email\":\"m@example.org\"}");

        JsonNode accounts = harness.browser(Role.ADMIN).get("/api/v1/accounts").json();

        JsonNode maker = null;
        for (JsonNode account : accounts) {
            if (account.get("username").asText().equals("maker")) {
                maker = account;
            }
        }
        assertThat(maker).isNotNull();
        assertThat(maker.get("active").asBoolean()).isFalse();
        assertThat(maker.get("email").asText()).isEqualTo("m@example.org");
        assertThat(maker.has("passwordHash")).isFalse();
        assertThat(harness.browser(Role.ADMIN).get("/api/v1/accounts/mail").json().get("configured").asBoolean())
                .isTrue();
    }
}

package org.fablab.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccountStore;
import org.fablab.gateway.adapter.jdbc.JdbcFailureLog;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.auth.Account;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.ManualClock;
import org.fablab.gateway.port.PasswordHasher;
import org.fablab.gateway.port.RecordingMailer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invitations, resets and account changes over a SQLite store, a manual clock and a recording mailer. */
class AccountServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String PASSWORD = "long enough password";
    /** Hashing is not what these tests are about: a readable, instant stand-in. */
    private static final PasswordHasher PLAIN = new PasswordHasher() {
        @Override
        public String hash(String password) {
            return "plain:" + password;
        }

        @Override
        public boolean matches(String password, String hash) {
            return hash.equals("plain:" + password);
        }
    };

    @TempDir
    Path folder;
    private final ManualClock clock = new ManualClock(T0);
    private final RecordingMailer mailer = new RecordingMailer();
    private final Principal admin = new Principal("admin", Role.ADMIN, null, "Admin");
    private Database database;
    private JdbcAccountStore store;
    private AccountService service;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + folder.resolve("accounts.db"), null, null, 2);
        store = new JdbcAccountStore(database.dataSource());
        store.create(new Account("admin", PLAIN.hash(PASSWORD), Role.ADMIN, null), T0,
                AuditEntry.of(T0, "cli", AuditAction.ACCOUNT_CREATED, "account", "admin"));
        service = new AccountService(store, PLAIN, Optional.of(mailer), "https://lab.example.org/",
                new JdbcFailureLog(database.dataSource()), clock, new SecureRandom());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anInvitation_worksUntilItExpires_andOnlyOnce() {
        service.invite(admin, "a@example.org", Role.MAKER, null, Locale.ENGLISH);
        String first = mailer.last().token();
        service.invite(admin, "b@example.org", Role.MAKER, null, Locale.ENGLISH);
        String second = mailer.last().token();
        assertThat(mailer.last().text()).contains("https://lab.example.org/#/accept?token=" + second)
                .contains("72 hours");

        clock.advance(AccountService.INVITATION_TTL.minusSeconds(1));
        assertThat(service.accept(first, "anna", PASSWORD)).isPresent();
        assertThat(service.accept(first, "anna2", PASSWORD)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(service.accept(second, "bea", PASSWORD)).isEmpty();
        assertThat(store.account("bea")).isEmpty();
    }

    @Test
    void aResetLink_expiresAfterAnHour_andIsNotAnInvitation() {
        store.update("admin", Role.ADMIN, true, "admin@example.org", AuditEntry.of(T0, "cli", AuditAction.ACCOUNT_CHANGED, "account", "admin"));
        service.resetByEmail("admin@example.org", "10.0.0.1", Locale.FRENCH);
        String token = mailer.last().token();
        assertThat(mailer.last().subject()).isEqualTo("Nouveau mot de passe pour le fablab");
        assertThat(service.accept(token, "intruder", PASSWORD)).isEmpty();

        clock.advance(AccountService.RESET_TTL);

        assertThat(service.confirmReset(token, "another long password")).isFalse();
        assertThat(store.account("admin").orElseThrow().passwordHash()).isEqualTo(PLAIN.hash(PASSWORD));
    }

    @Test
    void aResetByAnUnknownEmail_sendsNothing_andLeavesNoLink() {
        service.resetByEmail("nobody@example.org", "10.0.0.1", Locale.ENGLISH);

        assertThat(mailer.mails()).isEmpty();
    }

    @Test
    void theLastActiveAdmin_cannotDemoteOrDeactivateThemself() {
        assertThatThrownBy(() -> service.update(admin, "admin", new AccountService.Change(Optional.of(Role.MAKER),
                Optional.empty(), Optional.empty()))).isInstanceOf(NotAllowed.class);
        assertThatThrownBy(() -> service.update(admin, "admin", new AccountService.Change(Optional.empty(),
                Optional.of(false), Optional.empty()))).isInstanceOf(NotAllowed.class);
        assertThat(store.account("admin").orElseThrow()).extracting(Account::role, Account::active)
                .containsExactly(Role.ADMIN, true);
    }

    @Test
    void resetRequests_areThrottledPerEmailAndPerClient_untilTheWindowPasses() {
        for (int i = 0; i < AccountService.RESETS_PER_EMAIL; i++) {
            assertThat(service.admitResetRequest("Same@example.org", "10.0.0.1")).isEmpty();
        }
        assertThat(service.admitResetRequest("same@example.org", "10.0.0.2")).isPresent();
        for (int i = AccountService.RESETS_PER_EMAIL; i < AccountService.RESETS_PER_ADDRESS; i++) {
            assertThat(service.admitResetRequest("other" + i + "@example.org", "10.0.0.1")).isEmpty();
        }
        assertThat(service.admitResetRequest("fresh@example.org", "10.0.0.1")).isPresent();

        clock.advance(AccountService.RESET_WINDOW);

        assertThat(service.admitResetRequest("same@example.org", "10.0.0.1")).isEmpty();
    }

    @Test
    void withoutAMailServer_theAdminIsShownTheLink() {
        AccountService offline = new AccountService(store, PLAIN, Optional.empty(), "",
                new JdbcFailureLog(database.dataSource()), clock, new SecureRandom());

        AccountService.Issued issued = offline.invite(admin, "c@example.org", Role.TREASURER, null, Locale.ENGLISH);

        assertThat(issued.delivery()).isInstanceOfSatisfying(AccountService.Delivery.Shown.class,
                shown -> assertThat(shown.link()).matches("/#/accept\\?token=[A-Za-z0-9_-]{27}"));
        assertThat(issued.expiresAt()).isEqualTo(T0.plus(AccountService.INVITATION_TTL));
        assertThat(mailer.mails()).isEmpty();
    }
}

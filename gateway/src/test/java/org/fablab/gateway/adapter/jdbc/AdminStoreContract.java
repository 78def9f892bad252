package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.Member;
import org.fablab.gateway.domain.auth.Account;
import org.fablab.gateway.domain.auth.AccountLink;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.AuditLog;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.MemberStore;
import org.fablab.gateway.port.NotFound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Members, accounts and the audit log: the behaviour every database must have. */
abstract class AdminStoreContract {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private Database database;
    private JdbcMemberStore members;
    private JdbcAccountStore accounts;
    private JdbcAuditLog audit;

    abstract Database openEmptyDatabase();

    abstract void dropDatabase();

    @BeforeEach
    void open() {
        database = openEmptyDatabase();
        members = new JdbcMemberStore(database.dataSource());
        accounts = new JdbcAccountStore(database.dataSource());
        audit = new JdbcAuditLog(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase();
    }

    private Member create(String name, String email) {
        return members.create(new MemberStore.Draft(name, email, null, null, null), T0,
                m -> AuditEntry.of(T0, "fabmanager", AuditAction.MEMBER_CREATED, "member", m.id()).member(m.id()));
    }

    @Test
    void newMembers_getSequentialNumbersAndTheirCreationIsAudited() {
        Member first = create("Alice Martin", "alice@example.org");
        Member second = create("Bruno Lefèvre", "bruno@example.org");

        assertThat(second.number()).isEqualTo(first.number() + 1);
        assertThat(audit.entries(new AuditLog.Filter(Optional.of(second.id()), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()), 0, 10).entries().stream().map(AuditLog.Line::entry)
                .toList())
                .singleElement().satisfies(entry -> {
                    assertThat(entry.action()).isEqualTo("member.created");
                    assertThat(entry.id()).isPositive();
                });
    }

    @Test
    void search_matchesNameEmailOrNumber_caseInsensitively_andTreatsWildcardsAsText() {
        Member alice = create("Alice Martin", "alice@example.org");
        create("Bruno Cent% Lefèvre", "bruno@example.org");

        assertThat(members.search(new MemberStore.Search("MARTIN", Optional.empty(), 10))).containsExactly(alice);
        assertThat(members.search(new MemberStore.Search("alice@", Optional.empty(), 10))).containsExactly(alice);
        assertThat(members.search(new MemberStore.Search(Long.toString(alice.number()), Optional.empty(), 10)))
                .containsExactly(alice);
        assertThat(members.search(new MemberStore.Search("cent%", Optional.empty(), 10))).hasSize(1);
        assertThat(members.search(new MemberStore.Search("_", Optional.empty(), 10))).isEmpty();
    }

    @Test
    void update_changesOnlyTheGivenFields_andCanClearOptionalOnes() {
        Member alice = members.update(create("Alice Martin", "alice@example.org").id(), new MemberStore.Change(
                Optional.empty(), Optional.empty(), Optional.of(Optional.of("students")),
                Optional.of(Optional.of(LocalDate.parse("2027-06-30"))), Optional.empty(),
                Optional.of(Optional.of("Roubaix")), Optional.empty()),
                AuditEntry.of(T0, "fabmanager", AuditAction.MEMBER_UPDATED, "member", "x"));

        Member cleared = members.update(alice.id(), new MemberStore.Change(Optional.empty(), Optional.empty(),
                Optional.of(Optional.empty()), Optional.empty(), Optional.of(false), Optional.empty(), Optional.of(true)),
                AuditEntry.of(T0, "fabmanager", AuditAction.MEMBER_DEACTIVATED, "member", alice.id()));

        assertThat(alice.group()).isEqualTo("students");
        assertThat(cleared.group()).isNull();
        assertThat(cleared.validUntil()).isEqualTo(LocalDate.parse("2027-06-30"));
        assertThat(cleared.active()).isFalse();
        assertThat(cleared.name()).isEqualTo("Alice Martin");
        assertThat(alice.territory()).isEqualTo("Roubaix");
        assertThat(cleared.territory()).isEqualTo("Roubaix");
        assertThat(alice.networkVisits()).isFalse();
        assertThat(cleared.networkVisits()).isTrue();
    }

    @Test
    void updatingAnUnknownMember_isNotFound_andAuditsNothing() {
        assertThatThrownBy(() -> members.update("m-nobody", new MemberStore.Change(Optional.of("X"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                AuditEntry.of(T0, "fabmanager", AuditAction.MEMBER_UPDATED, "member", "m-nobody"))).isInstanceOf(NotFound.class);

        assertThat(audit.entries(new AuditLog.Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), 0, 10).entries().stream().map(AuditLog.Line::entry).toList()).isEmpty();
    }

    @Test
    void aTakenUsername_isAConflict_andTheFirstAccountStays() {
        accounts.create(new Account("alice", "$argon2id$first", Role.MAKER, null), T0,
                AuditEntry.of(T0, "admin", AuditAction.ACCOUNT_CREATED, "account", "alice"));

        assertThatThrownBy(() -> accounts.create(new Account("alice", "$argon2id$second", Role.ADMIN, null), T0,
                AuditEntry.of(T0, "admin", AuditAction.ACCOUNT_CREATED, "account", "alice"))).isInstanceOf(Conflict.class);
        assertThat(accounts.account("alice")).hasValueSatisfying(a -> assertThat(a.role()).isEqualTo(Role.MAKER));
    }

    @Test
    void aSession_isFoundUntilItExpires_andAPasswordChangeEndsIt() {
        Member alice = create("Alice Martin", "alice@example.org");
        accounts.create(new Account("alice", "$argon2id$hash", Role.MAKER, alice.id()), T0,
                AuditEntry.of(T0, "admin", AuditAction.ACCOUNT_CREATED, "account", "alice"));
        accounts.openSession("secret-hash", "alice", "csrf", T0, T0.plusSeconds(60));

        assertThat(accounts.session("secret-hash", T0.plusSeconds(59))).hasValueSatisfying(session -> {
            assertThat(session.principal().displayName()).isEqualTo("Alice Martin");
            assertThat(session.csrfToken()).isEqualTo("csrf");
        });
        assertThat(accounts.session("secret-hash", T0.plusSeconds(60))).isEmpty();

        accounts.changePassword("alice", "$argon2id$new", AuditEntry.of(T0, "alice", AuditAction.ACCOUNT_PASSWORD_CHANGED,
                "account", "alice"));
        assertThat(accounts.session("secret-hash", T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void theAuditLog_refusesUpdatesAndDeletes() throws SQLException {
        create("Alice Martin", "alice@example.org");

        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("update audit_log set actor = 'someone-else'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("delete from audit_log"))
                    .hasMessageContaining("append-only");
        }
        assertThat(audit.entries(new AuditLog.Filter(Optional.empty(), Optional.empty(), Optional.of("fabmanager"), Optional.empty(),
                Optional.empty(), Optional.empty()), 0, 10).entries().stream().map(AuditLog.Line::entry).toList())
                .hasSize(1);
    }

    @Test
    void anInvitation_isSpentOnce_evenWhenTwoRedeemItAtOnce() throws Exception {
        accounts.createLink("hash-1", AccountLink.invitation("zoe@example.org", Role.TRAINER, null, "admin", T0,
                T0.plusSeconds(3600)), AuditEntry.of(T0, "admin", AuditAction.ACCOUNT_INVITED, "account", "zoe@example.org"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = pool.submit(() -> accounts.acceptInvitation("hash-1", T0.plusSeconds(1),
                    new Account("zoe", "$argon2id$a", Role.TRAINER, null, "zoe@example.org", true),
                    AuditEntry.of(T0, "zoe", AuditAction.ACCOUNT_CREATED, "account", "zoe")));
            Future<Boolean> second = pool.submit(() -> {
                try {
                    return accounts.acceptInvitation("hash-1", T0.plusSeconds(1),
                            new Account("zoe2", "$argon2id$b", Role.TRAINER, null, null, true),
                            AuditEntry.of(T0, "zoe2", AuditAction.ACCOUNT_CREATED, "account", "zoe2"));
                } catch (StoreException e) {
                    return false;
                }
            });
            assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(true, false);
        } finally {
            pool.shutdown();
        }
        assertThat(accounts.accounts()).hasSize(1).extracting(Account::username).isSubsetOf("zoe", "zoe2");
        assertThat(accounts.link("hash-1").orElseThrow().usedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void anExpiredInvitation_createsNothing() {
        accounts.createLink("hash-1", AccountLink.invitation("zoe@example.org", Role.MAKER, null, "admin", T0,
                T0.plusSeconds(60)), AuditEntry.of(T0, "admin", AuditAction.ACCOUNT_INVITED, "account", "zoe@example.org"));

        boolean accepted = accounts.acceptInvitation("hash-1", T0.plusSeconds(60),
                new Account("zoe", "$argon2id$a", Role.MAKER, null), AuditEntry.of(T0, "zoe", AuditAction.ACCOUNT_CREATED, "account", "zoe"));

        assertThat(accepted).isFalse();
        assertThat(accounts.accounts()).isEmpty();
    }

    @Test
    void aReset_setsThePasswordOnce_andEndsTheSessions_butNotForADeactivatedAccount() {
        accounts.create(new Account("admin", "$argon2id$admin", Role.ADMIN, null), T0,
                AuditEntry.of(T0, "cli", AuditAction.ACCOUNT_CREATED, "account", "admin"));
        accounts.create(new Account("alice", "$argon2id$old", Role.MAKER, null), T0,
                AuditEntry.of(T0, "admin", AuditAction.ACCOUNT_CREATED, "account", "alice"));
        accounts.openSession("session", "alice", "csrf", T0, T0.plusSeconds(3600));
        AuditEntry audit = AuditEntry.of(T0, "alice", AuditAction.ACCOUNT_PASSWORD_RESET, "account", "alice");
        accounts.createLink("r1", AccountLink.reset("alice", null, "admin", T0, T0.plusSeconds(3600)), audit);
        accounts.createLink("r2", AccountLink.reset("alice", null, "admin", T0, T0.plusSeconds(3600)), audit);

        assertThat(accounts.resetPassword("r1", T0.plusSeconds(5), "$argon2id$new", audit)).isTrue();
        assertThat(accounts.resetPassword("r1", T0.plusSeconds(6), "$argon2id$other", audit)).isFalse();
        assertThat(accounts.account("alice").orElseThrow().passwordHash()).isEqualTo("$argon2id$new");
        assertThat(accounts.session("session", T0.plusSeconds(7))).isEmpty();
        assertThat(accounts.update("alice", Role.MAKER, false, null, audit)).isTrue();
        assertThat(accounts.resetPassword("r2", T0.plusSeconds(8), "$argon2id$third", audit)).isFalse();
        assertThat(accounts.account("alice").orElseThrow().passwordHash()).isEqualTo("$argon2id$new");
    }

    @Test
    void update_refusesToLeaveNoActiveAdmin_andADeactivatedAccountsSessionsEnd() {
        AuditEntry audit = AuditEntry.of(T0, "admin", AuditAction.ACCOUNT_CHANGED, "account", "x");
        accounts.create(new Account("root", "$argon2id$r", Role.ADMIN, null), T0, audit);
        accounts.create(new Account("bob", "$argon2id$b", Role.ADMIN, null), T0, audit);
        accounts.openSession("bob-session", "bob", "csrf", T0, T0.plusSeconds(3600));

        assertThat(accounts.update("bob", Role.ADMIN, false, "bob@example.org", audit)).isTrue();
        assertThat(accounts.session("bob-session", T0.plusSeconds(1))).isEmpty();
        assertThat(accounts.update("root", Role.MAKER, true, null, audit)).isFalse();
        assertThat(accounts.update("root", Role.ADMIN, false, null, audit)).isFalse();
        assertThat(accounts.account("root").orElseThrow()).extracting(Account::role, Account::active)
                .containsExactly(Role.ADMIN, true);
        assertThat(accounts.activeAccountByEmail("bob@example.org")).isEmpty();
        assertThatThrownBy(() -> accounts.update("nobody", Role.MAKER, true, null, audit)).isInstanceOf(NotFound.class);
    }
}

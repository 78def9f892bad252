package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.Member;
import org.fablab.gateway.domain.auth.Account;
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
        return members.create(new MemberStore.Draft(name, email, null, null), T0,
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
                Optional.of(Optional.of(LocalDate.parse("2027-06-30"))), Optional.empty()),
                AuditEntry.of(T0, "fabmanager", AuditAction.MEMBER_UPDATED, "member", "x"));

        Member cleared = members.update(alice.id(), new MemberStore.Change(Optional.empty(), Optional.empty(),
                Optional.of(Optional.empty()), Optional.empty(), Optional.of(false)),
                AuditEntry.of(T0, "fabmanager", AuditAction.MEMBER_DEACTIVATED, "member", alice.id()));

        assertThat(alice.group()).isEqualTo("students");
        assertThat(cleared.group()).isNull();
        assertThat(cleared.validUntil()).isEqualTo(LocalDate.parse("2027-06-30"));
        assertThat(cleared.active()).isFalse();
        assertThat(cleared.name()).isEqualTo("Alice Martin");
    }

    @Test
    void updatingAnUnknownMember_isNotFound_andAuditsNothing() {
        assertThatThrownBy(() -> members.update("m-nobody", new MemberStore.Change(Optional.of("X"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()),
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
}

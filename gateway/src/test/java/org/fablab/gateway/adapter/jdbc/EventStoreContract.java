package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.fablab.gateway.domain.BadgeRecord;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.RejectionLimiter;
import org.fablab.gateway.domain.SecurityEvent;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.port.EventStore;
import org.fablab.gateway.port.EventStore.AcceptedEvent;
import org.fablab.gateway.port.EventStore.Outcome;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Json;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.TestVectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link EventStore} database must have; run once per database by its subclasses. */
abstract class EventStoreContract {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final CredentialRef ALICE_BADGE =
            new CredentialHasher(TestVectors.pepper()).hash("mifare-uid", "04A1B2C3D4E5F6", false);

    private Database database;
    EventStore store;
    JdbcLabDirectory directory;

    /** A freshly migrated, empty database. */
    abstract Database openEmptyDatabase();

    abstract void dropDatabase();

    @BeforeEach
    void openAndSeed() {
        database = openEmptyDatabase();
        store = new JdbcEventStore(database.dataSource());
        directory = new JdbcLabDirectory(database.dataSource(), Clock.systemUTC());
        directory.upsert(new MachineRecord("laser-1", "Laser cutter", "laser-cutter"));
        directory.upsert(new NodeRecord("laser-1", "laser-1", TestVectors.root().at("/nodes/laser-1/public").asText(),
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15)));
        directory.upsert(new MemberRecord("m-alice", "Alice Martin", true));
        directory.upsert(new BadgeRecord(ALICE_BADGE, "m-alice"));
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase();
    }

    static AcceptedEvent event(long seq, EventData data) {
        return new AcceptedEvent(NodeEvent.of("demo-lab", "laser-1", T0, seq, UUID.randomUUID().toString(), data),
                "{\"seq\":" + seq + "}", T0);
    }

    /** A {@code machine.state} event with its body as a node signs it. */
    static AcceptedEvent stateEvent(long seq, MachineState state) throws Exception {
        NodeEvent event = NodeEvent.of("demo-lab", "laser-1", T0, seq, UUID.randomUUID().toString(),
                new EventData.MachineStateChanged(state, null));
        return new AcceptedEvent(event, Json.mapper().writeValueAsString(event), T0);
    }

    static EventData.SessionStarted started(String session) {
        return new EventData.SessionStarted(session, T0, ALICE_BADGE, null, false);
    }

    static EventData.SessionEnded ended(String session, long seconds) {
        return new EventData.SessionEnded(session, T0, T0.plusSeconds(seconds), seconds, seconds / 2, 3.5,
                EndReason.BADGE_OUT, false);
    }

    @Test
    void sameEventTwice_isStoredOnceAndReportedAsDuplicate() {
        AcceptedEvent start = event(1, started("s-1"));

        List<Outcome> first = store.store(List.of(start), List.of());
        List<Outcome> second = store.store(List.of(start), List.of());

        assertThat(first.get(0)).isInstanceOf(Outcome.Stored.class);
        assertThat(second.get(0)).isInstanceOf(Outcome.Duplicate.class);
        assertThat(store.sessions(Optional.empty(), Optional.empty(), 10)).hasSize(1);
    }

    @Test
    void badgeDenied_isAlsoARefusalOfItsMachine_storedOnceWhenDeliveredTwice() {
        AcceptedEvent denied = event(9, new EventData.BadgeDenied(ALICE_BADGE, "missing-training"));

        store.store(List.of(denied), List.of());
        store.store(List.of(denied), List.of());

        List<List<Object>> refusals = Sql.read(database.dataSource(), c -> Sql.list(c,
                "select node_id, seq, machine_id, occurred_at, reason from access_refusals",
                rs -> List.<Object>of(rs.getString("node_id"), rs.getLong("seq"), rs.getString("machine_id"),
                        rs.getLong("occurred_at"), rs.getString("reason"))));
        assertThat(refusals)
                .containsExactly(List.<Object>of("laser-1", 9L, "laser-1", T0.toEpochMilli(), "missing-training"));
    }

    @Test
    void sameSeqWithAnotherId_isRefusedAsReplayAndLogged() {
        store.store(List.of(event(7, started("s-1"))), List.of());

        List<Outcome> outcomes = store.store(List.of(event(7, started("s-forged"))), List.of());

        assertThat(outcomes.get(0)).isInstanceOfSatisfying(Outcome.Replayed.class,
                r -> assertThat(r.securityEvent().reason()).isEqualTo(Rejection.REPLAYED_SEQ));
        assertThat(store.sessions(Optional.empty(), Optional.empty(), 10)).extracting(SessionRecord::id).containsExactly("s-1");
        assertThat(store.securityEvents(10)).extracting(SecurityEvent::reason).containsExactly(Rejection.REPLAYED_SEQ);
    }

    @Test
    void startedThenEnded_givesOneSessionWithDurationAndMember() {
        store.store(List.of(event(1, started("s-1"))), List.of());
        List<Outcome> outcomes = store.store(List.of(event(2, ended("s-1", 754))), List.of());

        SessionRecord session = ((Outcome.Stored) outcomes.get(0)).session().orElseThrow();
        assertThat(session.wallSeconds()).isEqualTo(754L);
        assertThat(session.activeSeconds()).isEqualTo(377L);
        assertThat(session.memberName()).isEqualTo("Alice Martin");
        assertThat(session.machine()).isEqualTo("laser-1");
        assertThat(session.endReason()).isEqualTo(EndReason.BADGE_OUT);
        assertThat(session.state()).isEqualTo("ended");
        assertThat(store.openSessions()).isEmpty();
    }

    @Test
    void oneSession_andTheNewestMachineStateBySeq_areReadBack() throws Exception {
        store.store(List.of(event(1, started("s-1"))), List.of());
        // delivered out of order: the newest is the one of the highest seq, not the last stored
        store.store(List.of(stateEvent(2, MachineState.BLOCKED), stateEvent(9, MachineState.OUT_OF_SERVICE),
                stateEvent(4, MachineState.IDLE)), List.of());

        assertThat(store.session("laser-1", "s-1")).hasValueSatisfying(s -> {
            assertThat(s.memberName()).isEqualTo("Alice Martin");
            assertThat(s.state()).isEqualTo("active");
        });
        assertThat(store.session("laser-1", "s-2")).isEmpty();
        assertThat(store.machineState("laser-1")).contains(MachineState.OUT_OF_SERVICE);
        assertThat(store.machineState("printer-1")).isEmpty();
    }

    @Test
    void endedArrivingBeforeStarted_stillGivesOneCompleteSession() {
        store.store(List.of(event(2, ended("s-1", 60))), List.of());
        store.store(List.of(event(1, started("s-1"))), List.of());

        assertThat(store.sessions(Optional.of("laser-1"), Optional.empty(), 10)).singleElement().satisfies(s -> {
            assertThat(s.wallSeconds()).isEqualTo(60L);
            assertThat(s.memberId()).isEqualTo("m-alice");
        });
    }

    @Test
    void openSession_isListedUntilItEnds() {
        store.store(List.of(event(1, started("s-1")), event(2, new EventData.SessionProgress("s-1", 120, 80, 1.5))),
                List.of());

        assertThat(store.openSessions()).singleElement().satisfies(s -> {
            assertThat(s.activeSeconds()).isEqualTo(80);
            assertThat(s.energyWh()).isEqualTo(1.5);
            assertThat(s.state()).isEqualTo("active");
        });
    }

    @Test
    void refusedMessages_areKeptNewestFirst() {
        SecurityEvent older = new SecurityEvent("a", T0, "laser-1", "fablab/v1/demo-lab/nodes/laser-1/events",
                Rejection.BAD_SIGNATURE, "signature does not match");
        SecurityEvent newer = new SecurityEvent("b", T0.plusSeconds(5), null, "fablab/v9/x", Rejection.BAD_TOPIC,
                "topic must start with fablab/v1/");

        store.store(List.of(), List.of(older, newer));

        assertThat(store.securityEvents(10)).containsExactly(newer, older);
    }

    @Test
    void refusalCounts_addUpPerNodeReasonAndMinute_andCountReplayedSeqs() {
        Instant minute = T0.plusSeconds(60);
        store.store(List.of(), List.of(), List.of(new RejectionLimiter.Count("laser-1", Rejection.BAD_SIGNATURE, T0, 3),
                new RejectionLimiter.Count("", Rejection.BAD_TOPIC, T0, 2)));
        store.store(List.of(), List.of(), List.of(new RejectionLimiter.Count("laser-1", Rejection.BAD_SIGNATURE, T0,
                4_000), new RejectionLimiter.Count("laser-1", Rejection.BAD_SIGNATURE, minute, 7)));
        store.store(List.of(event(7, started("s-1"))), List.of());
        store.store(List.of(event(7, started("s-forged"))), List.of());

        assertThat(store.refusalTotals(Instant.EPOCH)).containsExactly(
                new EventStore.RefusalTotal("laser-1", Rejection.BAD_SIGNATURE, 4_010, minute),
                new EventStore.RefusalTotal("", Rejection.BAD_TOPIC, 2, T0),
                new EventStore.RefusalTotal("laser-1", Rejection.REPLAYED_SEQ, 1, T0.truncatedTo(ChronoUnit.MINUTES)));
        assertThat(store.refusalTotals(minute)).containsExactly(
                new EventStore.RefusalTotal("laser-1", Rejection.BAD_SIGNATURE, 7, minute));
    }

    @Test
    void pruning_deletesRefusedMessagesAndCountsOlderThanTheCutOff() {
        store.store(List.of(), List.of(new SecurityEvent("old", T0, "laser-1", "t", Rejection.BAD_SIGNATURE, "x"),
                new SecurityEvent("new", T0.plusSeconds(120), "laser-1", "t", Rejection.BAD_SIGNATURE, "x")),
                List.of(new RejectionLimiter.Count("laser-1", Rejection.BAD_SIGNATURE, T0, 5),
                        new RejectionLimiter.Count("laser-1", Rejection.BAD_SIGNATURE, T0.plusSeconds(120), 1)));

        int deleted = store.pruneSecurityLog(T0.plusSeconds(60));

        assertThat(deleted).isEqualTo(2);
        assertThat(store.securityEvents(10)).extracting(SecurityEvent::id).containsExactly("new");
        assertThat(store.refusalTotals(Instant.EPOCH)).extracting(EventStore.RefusalTotal::refused).containsExactly(1L);
    }

    @Test
    void unknownBadge_givesSessionWithoutMember() {
        CredentialRef stranger = new CredentialHasher(TestVectors.pepper()).hash("em4100", "0000000099", false);

        store.store(List.of(event(1, new EventData.SessionStarted("s-9", T0, stranger, null, true))), List.of());

        assertThat(store.sessions(Optional.empty(), Optional.empty(), 10)).singleElement().satisfies(s -> {
            assertThat(s.memberId()).isNull();
            assertThat(s.memberName()).isNull();
            assertThat(s.offline()).isTrue();
        });
    }
}

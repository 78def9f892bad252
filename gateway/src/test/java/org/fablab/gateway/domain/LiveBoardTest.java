package org.fablab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.TestVectors;
import org.junit.jupiter.api.Test;

class LiveBoardTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String KEY = TestVectors.root().at("/nodes/laser-1/public").asText();

    private final LiveBoard board = LiveBoard.of(
            List.of(new MachineRecord("laser-1", "Laser", "laser-cutter"), new MachineRecord("printer-1", "Printer", "3d-printer")),
            List.of(new NodeRecord("laser-1", "laser-1", KEY, OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15))),
            List.of());

    private static SessionRecord session(String id, Instant endedAt) {
        return new SessionRecord(id, "laser-1", "laser-1", "m-1", "Alice", T0, endedAt,
                endedAt == null ? null : 60L, 0, 0, endedAt == null ? null : EndReason.BADGE_OUT, false, false);
    }

    @Test
    void newBoard_showsEveryMachineIdleAndOfflineSortedByName() {
        assertThat(board.machines()).extracting(MachineView::id).containsExactly("laser-1", "printer-1");
        assertThat(board.machines()).allSatisfy(m -> {
            assertThat(m.state()).isEqualTo(MachineState.IDLE);
            assertThat(m.nodeOnline()).isFalse();
        });
    }

    @Test
    void onlineStatus_setsNodeOnlineStateAndAclAge() {
        NodeStatus online = NodeStatus.online("lab", "laser-1", T0, MachineState.BLOCKED, T0.minusSeconds(60), "1");

        LiveBoard.Update update = board.onStatus("laser-1", online);

        assertThat(update.changed()).hasValueSatisfying(v -> {
            assertThat(v.nodeOnline()).isTrue();
            assertThat(v.state()).isEqualTo(MachineState.BLOCKED);
            assertThat(v.aclIssuedAt()).isEqualTo(T0.minusSeconds(60));
        });
    }

    private static NodeStatus online(Instant ts) {
        return NodeStatus.online("lab", "laser-1", ts, MachineState.IDLE, null, "1");
    }

    private static NodeStatus will(Instant connectedAt) {
        return NodeStatus.offline("lab", "laser-1", connectedAt);
    }

    private static boolean laserOnline(LiveBoard board) {
        return board.machine("laser-1").orElseThrow().nodeOnline();
    }

    @Test
    void lastWill_signedAtConnectTime_marksTheNodeOfflineThoughItsTsIsOlderThanTheOnlineStatus() {
        LiveBoard up = board.onStatus("laser-1", online(T0.plusSeconds(1))).board()
                .onStatus("laser-1", online(T0.plusSeconds(3600))).board();

        LiveBoard.Update crashed = up.onStatus("laser-1", will(T0));

        assertThat(crashed.changed()).hasValueSatisfying(v -> assertThat(v.nodeOnline()).isFalse());
    }

    @Test
    void onlineStatusOlderThanTheWillThatEndedItsConnection_isAReplay_andKeepsTheNodeOffline() {
        Instant secondConnect = T0.plusSeconds(7200);
        LiveBoard offline = board.onStatus("laser-1", online(T0.plusSeconds(1))).board()
                .onStatus("laser-1", will(T0)).board()
                .onStatus("laser-1", online(secondConnect.plusSeconds(1))).board()
                .onStatus("laser-1", will(secondConnect)).board();

        LiveBoard.Update replayed = offline.onStatus("laser-1", online(T0.plusSeconds(1)));

        assertThat(replayed.changed()).isEmpty();
        assertThat(laserOnline(replayed.board())).isFalse();
    }

    @Test
    void onlineStatusOfTheCrashedConnectionReplayedAfterItsWill_keepsTheNodeOffline() {
        NodeStatus lastOnline = online(T0.plusSeconds(600));
        LiveBoard offline = board.onStatus("laser-1", online(T0.plusSeconds(1))).board()
                .onStatus("laser-1", lastOnline).board()
                .onStatus("laser-1", will(T0)).board();

        LiveBoard.Update replayed = offline.onStatus("laser-1", lastOnline);

        assertThat(replayed.changed()).isEmpty();
        assertThat(laserOnline(replayed.board())).isFalse();
    }

    @Test
    void reconnection_afterAWill_bringsTheNodeBackOnline() {
        LiveBoard offline = board.onStatus("laser-1", online(T0.plusSeconds(1))).board()
                .onStatus("laser-1", will(T0)).board();

        LiveBoard.Update back = offline.onStatus("laser-1", online(T0.plusSeconds(900)));

        assertThat(back.changed()).hasValueSatisfying(v -> assertThat(v.nodeOnline()).isTrue());
    }

    @Test
    void willOfAnEarlierConnection_replayedAfterANewerOffline_isIgnored() {
        LiveBoard offline = board.onStatus("laser-1", online(T0.plusSeconds(1))).board()
                .onStatus("laser-1", will(T0)).board()
                .onStatus("laser-1", online(T0.plusSeconds(3601))).board()
                .onStatus("laser-1", will(T0.plusSeconds(3600))).board()
                .onStatus("laser-1", online(T0.plusSeconds(7201))).board();

        LiveBoard.Update oldWill = offline.onStatus("laser-1", will(T0));

        assertThat(oldWill.changed()).isEmpty();
        assertThat(laserOnline(oldWill.board())).isTrue();
    }

    @Test
    void willOfAnEarlierConnection_deliveredAfterTheOnlineOfANewerOne_isIgnored() {
        Instant secondConnect = T0.plusSeconds(3600);
        LiveBoard up = board.onStatus("laser-1", online(T0.plusSeconds(1)).onConnection(T0)).board()
                .onStatus("laser-1", online(secondConnect.plusSeconds(1)).onConnection(secondConnect)).board();

        LiveBoard.Update lateWill = up.onStatus("laser-1", will(T0));

        assertThat(lateWill.changed()).isEmpty();
        assertThat(laserOnline(lateWill.board())).isTrue();
    }

    @Test
    void willOfTheCurrentConnection_stillMarksTheNodeOffline_afterOnlineStatusesNamingTheConnection() {
        Instant secondConnect = T0.plusSeconds(3600);
        LiveBoard up = board.onStatus("laser-1", online(T0.plusSeconds(1)).onConnection(T0)).board()
                .onStatus("laser-1", online(secondConnect.plusSeconds(1)).onConnection(secondConnect)).board()
                .onStatus("laser-1", online(secondConnect.plusSeconds(600)).onConnection(secondConnect)).board();

        LiveBoard.Update crashed = up.onStatus("laser-1", will(secondConnect));

        assertThat(crashed.changed()).hasValueSatisfying(v -> assertThat(v.nodeOnline()).isFalse());
    }

    @Test
    void onlineStatusesOfOneConnection_updateTheCardInOrder_andAnOlderOneIsIgnored() {
        LiveBoard up = board.onStatus("laser-1", NodeStatus.online("lab", "laser-1", T0.plusSeconds(60),
                MachineState.ACTIVE, T0, "1")).board();

        LiveBoard.Update late = up.onStatus("laser-1", NodeStatus.online("lab", "laser-1", T0.plusSeconds(30),
                MachineState.IDLE, null, "1"));

        assertThat(late.changed()).isEmpty();
        assertThat(late.board().machine("laser-1").orElseThrow().state()).isEqualTo(MachineState.ACTIVE);
    }

    @Test
    void sessionStartThenEnd_showsThenClearsTheUser() {
        LiveBoard active = board.onSession(session("s-1", null)).board();
        assertThat(active.machine("laser-1").orElseThrow()).satisfies(v -> {
            assertThat(v.state()).isEqualTo(MachineState.ACTIVE);
            assertThat(v.session().memberName()).isEqualTo("Alice");
        });

        LiveBoard idle = active.onSession(session("s-1", T0.plusSeconds(60))).board();

        assertThat(idle.machine("laser-1").orElseThrow()).satisfies(v -> {
            assertThat(v.state()).isEqualTo(MachineState.IDLE);
            assertThat(v.session()).isNull();
        });
    }

    @Test
    void endOfAnOlderSession_doesNotClearTheRunningOne() {
        LiveBoard active = board.onSession(session("s-2", null)).board();

        LiveBoard.Update update = active.onSession(session("s-1", T0.plusSeconds(5)));

        assertThat(update.changed()).isEmpty();
        assertThat(update.board().machine("laser-1").orElseThrow().session().id()).isEqualTo("s-2");
    }

    @Test
    void statusOfAnUnknownNode_changesNothing() {
        assertThat(board.onStatus("ghost", NodeStatus.online("lab", "ghost", T0, MachineState.IDLE, null, "1")).changed())
                .isEmpty();
    }

    @Test
    void reconfigured_keepsWhatTheSameNodeReported_addsNewMachines_andDropsRetiredOnes() {
        LiveBoard live = board.onStatus("laser-1", NodeStatus.online("lab", "laser-1", T0, MachineState.BLOCKED,
                T0.minusSeconds(60), "1")).board().onSession(session("s-1", null)).board();

        LiveBoard after = live.reconfigured(List.of(new MachineRecord("laser-1", "Laser cutter", "laser-cutter"),
                new MachineRecord("mill-1", "Mill", "cnc-mill")), List.of(new NodeRecord("laser-1", "laser-1", KEY,
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15))));

        assertThat(after.machines()).extracting(MachineView::id).containsExactly("laser-1", "mill-1");
        assertThat(after.machine("laser-1")).hasValueSatisfying(v -> {
            assertThat(v.name()).isEqualTo("Laser cutter");
            assertThat(v.nodeOnline()).isTrue();
            assertThat(v.aclIssuedAt()).isEqualTo(T0.minusSeconds(60));
            assertThat(v.session().id()).isEqualTo("s-1");
        });
        assertThat(after.machine("mill-1")).hasValueSatisfying(v -> assertThat(v.node()).isNull());
        assertThat(after.onStatus("laser-1", will(T0)).changed()).as("the node's status marks are kept").isPresent();
    }

    @Test
    void reconfigured_withAnotherNodeOnTheMachine_forgetsWhatTheOldNodeReported_andIgnoresItsStatuses() {
        LiveBoard live = board.onStatus("laser-1", online(T0)).board();
        String otherKey = TestVectors.root().at("/nodes/printer-1/public").asText();

        LiveBoard after = live.reconfigured(List.of(new MachineRecord("laser-1", "Laser", "laser-cutter")),
                List.of(new NodeRecord("laser-2", "laser-1", otherKey, OfflinePolicy.CACHED, Duration.ofHours(24))));

        assertThat(after.machine("laser-1")).hasValueSatisfying(v -> {
            assertThat(v.node()).isEqualTo("laser-2");
            assertThat(v.nodeOnline()).isFalse();
            assertThat(v.aclMaxStaleness()).isEqualTo(Duration.ofHours(24));
        });
        assertThat(after.onStatus("laser-1", online(T0.plusSeconds(1))).changed()).isEmpty();
    }

    @Test
    void withOpenSessions_endsASessionNoLongerOpen_keepingWhatStatusesBrought() {
        LiveBoard live = board.onStatus("laser-1", NodeStatus.online("lab", "laser-1", T0, MachineState.IDLE,
                T0.minusSeconds(60), "1")).board().onSession(session("s-1", null)).board();

        LiveBoard after = live.withOpenSessions(List.of());

        assertThat(after.machine("laser-1")).hasValueSatisfying(v -> {
            assertThat(v.session()).isNull();
            assertThat(v.state()).isEqualTo(MachineState.IDLE);
            assertThat(v.nodeOnline()).isTrue();
            assertThat(v.aclIssuedAt()).isEqualTo(T0.minusSeconds(60));
        });
    }

    @Test
    void withOpenSessions_showsASessionStartedUnseen_andKeepsOneStillOpenAsItWas() {
        LiveBoard ending = board.onSession(session("s-1", null)).board()
                .onMachineState("laser-1", MachineState.ENDING).board();
        SessionRecord printing = new SessionRecord("p-1", "printer-node", "printer-1", "m-2", "Bob", T0, null, null, 0,
                0, null, false, false);

        LiveBoard after = ending.withOpenSessions(List.of(session("s-1", null), printing));

        assertThat(after.machine("laser-1")).as("still open: as it was").isEqualTo(ending.machine("laser-1"));
        assertThat(after.machine("printer-1")).hasValueSatisfying(v -> {
            assertThat(v.state()).isEqualTo(MachineState.ACTIVE);
            assertThat(v.session().id()).isEqualTo("p-1");
            assertThat(v.session().memberName()).isEqualTo("Bob");
        });
    }

    @Test
    void withOpenSessions_replacesAnEndedSessionByTheNewestOpenOneOfTheMachine() {
        LiveBoard live = board.onSession(session("s-1", null)).board();
        SessionRecord older = new SessionRecord("s-2", "laser-1", "laser-1", "m-1", "Alice", T0.plusSeconds(60), null,
                null, 0, 0, null, false, false);
        SessionRecord newer = new SessionRecord("s-3", "laser-1", "laser-1", "m-2", "Bob", T0.plusSeconds(120), null,
                null, 0, 0, null, false, false);

        LiveBoard after = live.withOpenSessions(List.of(newer, older));

        assertThat(after.machine("laser-1")).hasValueSatisfying(v -> {
            assertThat(v.state()).isEqualTo(MachineState.ACTIVE);
            assertThat(v.session().id()).isEqualTo("s-3");
        });
    }
}

package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fablab.node.adapter.sim.SimulatedIndicator;
import org.fablab.node.app.MachineNode;
import org.fablab.node.domain.Signal;
import org.fablab.protocol.Json;
import org.fablab.protocol.MachineState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message type of docs/protocol.md between a real gateway and a real node over the real Mosquitto, each
 * checked by its effect: {@code status} and {@code acl} at start, {@code events} for every session,
 * {@code auth/request} answered by an {@code auth/response} that overrules the cached ACL, and each {@code cmd}
 * action sent through the fabmanager's REST call (lock refuses a badge, unlock allows it again, force-off ends the
 * session, identify blinks, set-state applies, resync republishes the status and the ACL).
 */
class LiveContractIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private Demo demo;
    private MachineNode laser;
    private DemoApi manager;

    @BeforeEach
    void startLab() throws Exception {
        demo = TestLabs.onMosquitto(dataDir, "live", Optional.empty());
        laser = demo.node("laser-1");
        await().atMost(WAIT).until(() -> laser.aclIssuedAt().isPresent() && laser.isConnected());
        manager = new DemoApi(demo.gateway().httpPort(), "fabmanager");
    }

    @AfterEach
    void stopLab() {
        demo.close();
    }

    @Test
    void statusAclAndEvents_flowAtStart_andForASession() throws Exception {
        await().atMost(WAIT).until(() -> demo.gateway().stats().statusCount() >= demo.nodeIds().size());

        badge("m-alice");
        await().atMost(WAIT).until(() -> laser.state() == MachineState.ACTIVE);
        badge("m-alice");
        await().atMost(WAIT).until(() -> laser.state() == MachineState.IDLE);

        await().atMost(WAIT).untilAsserted(() -> assertThat(sessions()).singleElement().satisfies(session ->
                assertThat(session.get("endReason").asText()).isEqualTo("same-badge")));
    }

    @Test
    void aBadgeTheCachedAclDoesNotHold_isAskedLive_andTheGatewaysReasonWins() throws Exception {
        badge("m-emma");

        await().atMost(WAIT).untilAsserted(() -> assertThat(deniedReasons("laser-1")).contains("training-missing"));
        assertThat(laser.state()).isEqualTo(MachineState.IDLE);
    }

    @Test
    void aBadgeNobodyEnrolled_isAskedLive_andDeniedUnknown() throws Exception {
        demo.reader("laser-1").present(Demo.stranger().badgeType(), Demo.stranger().badgeUid());

        await().atMost(WAIT).untilAsserted(() -> assertThat(deniedReasons("laser-1")).contains("unknown-badge"));
        assertThat(laser.state()).isEqualTo(MachineState.IDLE);
        assertThat(manager.get("/metrics").body()).contains("fablab_auth_requests_answered_total{decision=\"denied\"} 1\n",
                "fablab_auth_requests_answered_total{decision=\"granted\"} 0\n", "fablab_auth_requests_refused_total 0\n",
                "fablab_auth_requests_dropped_total 0\n");
    }

    @Test
    void lock_refusesABadge_andUnlock_allowsItAgain() throws Exception {
        assertThat(command("{\"action\":\"lock\",\"reason\":\"cleaning the optics\"}")).isEqualTo(202);
        await().atMost(WAIT).until(() -> laser.state() == MachineState.BLOCKED);

        badge("m-alice");
        await().atMost(WAIT).untilAsserted(() -> assertThat(deniedReasons("laser-1")).contains("machine-blocked"));
        assertThat(laser.state()).isEqualTo(MachineState.BLOCKED);

        assertThat(command("{\"action\":\"unlock\"}")).isEqualTo(202);
        await().atMost(WAIT).until(() -> laser.state() == MachineState.IDLE);
        badge("m-alice");
        await().atMost(WAIT).until(() -> laser.state() == MachineState.ACTIVE);
    }

    @Test
    void forceOff_endsTheRunningSessionWithReasonForceOff() throws Exception {
        badge("m-alice");
        await().atMost(WAIT).until(() -> laser.state() == MachineState.ACTIVE);

        assertThat(command("{\"action\":\"force-off\",\"reason\":\"fire drill\"}")).isEqualTo(202);

        await().atMost(WAIT).until(() -> laser.state() == MachineState.IDLE);
        assertThat(demo.hardware("laser-1").relay().isOn()).isFalse();
        await().atMost(WAIT).untilAsserted(() -> assertThat(sessions()).singleElement().satisfies(session ->
                assertThat(session.get("endReason").asText()).isEqualTo("force-off")));
    }

    @Test
    void identify_blinksTheIndicator() throws Exception {
        SimulatedIndicator indicator = (SimulatedIndicator) demo.hardware("laser-1").indicator();

        assertThat(command("{\"action\":\"identify\"}")).isEqualTo(202);

        await().atMost(WAIT).until(() -> indicator.shown().contains(Signal.IDENTIFY));
    }

    @Test
    void setState_putsTheMachineInThatState_andBackToIdle() throws Exception {
        assertThat(command("{\"action\":\"set-state\",\"state\":\"out-of-service\",\"reason\":\"tube replaced\"}"))
                .isEqualTo(202);
        await().atMost(WAIT).until(() -> laser.state() == MachineState.OUT_OF_SERVICE);

        assertThat(command("{\"action\":\"set-state\",\"state\":\"idle\"}")).isEqualTo(202);
        await().atMost(WAIT).until(() -> laser.state() == MachineState.IDLE);
    }

    @Test
    void resync_republishesTheNodesStatus_andItsAcl() throws Exception {
        await().atMost(WAIT).until(() -> demo.gateway().stats().statusCount() >= demo.nodeIds().size());
        long statuses = demo.gateway().stats().statusCount();
        long aclVersion = laser.aclVersion().orElseThrow();

        assertThat(command("{\"action\":\"resync\"}")).isEqualTo(202);

        await().atMost(WAIT).until(() -> demo.gateway().stats().statusCount() > statuses
                && laser.aclVersion().orElseThrow() > aclVersion);
    }

    private void badge(String memberId) {
        DemoLab.Member member = TestLabs.member(memberId);
        demo.reader("laser-1").present(member.badgeType(), member.badgeUid());
    }

    private int command(String body) throws Exception {
        return manager.post("/api/v1/nodes/laser-1/commands", body).statusCode();
    }

    private JsonNode sessions() throws Exception {
        return manager.json("/api/v1/sessions?machine=laser-1");
    }

    /** The reasons of the stored {@code badge.denied} events of a node, oldest first. */
    private List<String> deniedReasons(String node) throws Exception {
        List<String> reasons = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("fablab.db"));
             PreparedStatement query = db.prepareStatement(
                     "select body from node_events where node_id = ? and type = 'badge.denied' order by seq")) {
            query.setString(1, node);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    reasons.add(Json.mapper().readTree(rows.getString(1)).get("data").get("reason").asText());
                }
            }
        }
        return reasons;
    }
}

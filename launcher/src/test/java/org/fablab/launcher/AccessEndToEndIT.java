package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.fablab.node.app.MachineNode;
import org.fablab.protocol.Json;
import org.fablab.protocol.MachineState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fabmanager's and the trainer's work reaching the machines, over the real Mosquitto: a revocation
 * in the API is in the node's ACL within 2 s and its next badge is refused; peer training at a node in
 * train mode certifies exactly the trainee; enroll mode attaches the next unknown badge.
 */
class AccessEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The bound docs/authorization.md §8 sets on revocation reaching an online node. */
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;
    private Demo demo;

    @BeforeEach
    void startLab() {
        demo = TestLabs.onMosquitto(dataDir, "acc", Optional.empty());
        await().atMost(WAIT).until(() -> demo.node("laser-1").aclIssuedAt().isPresent());
    }

    @AfterEach
    void stopLab() {
        demo.close();
    }

    @Test
    void aRevokedCertification_reachesTheNodeWithinTwoSeconds_andItsNextBadgeIsRefused() throws Exception {
        DemoApi manager = new DemoApi(demo.gateway().httpPort(), "fabmanager");
        String safety = certificationOf(manager, "m-alice", "laser-safety").get("id").asText();
        MachineNode laser = demo.node("laser-1");
        long before = laser.aclVersion().orElseThrow();

        assertThat(manager.post("/api/v1/members/m-alice/certifications/" + safety + "/revoke",
                "{\"reason\":\"ran the laser without the extractor\"}").statusCode()).isEqualTo(200);

        await().atMost(REVOCATION_BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> laser.aclVersion().orElse(0L) > before);
        DemoLab.Member alice = Demo.members().get(0);
        demo.reader("laser-1").present(alice.badgeType(), alice.badgeUid());
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> laser.state() == MachineState.IDLE);
        assertThat(manager.json("/api/v1/sessions?machine=laser-1")).isEmpty();
    }

    @Test
    void peerTrainingAtTheMachine_certifiesExactlyTheTrainee_whoThenMayUseIt() throws Exception {
        DemoApi trainer = new DemoApi(demo.gateway().httpPort(), "trainer");
        DemoApi manager = new DemoApi(demo.gateway().httpPort(), "fabmanager");
        DemoLab.Member chloe = TestLabs.member("m-chloe");
        DemoLab.Member emma = TestLabs.member("m-emma");
        assertThat(trainer.post("/api/v1/nodes/laser-1/mode", "{\"mode\":\"train\",\"trainingId\":\"laser-cutting\"}")
                .statusCode()).isEqualTo(200);

        demo.reader("laser-1").present(chloe.badgeType(), chloe.badgeUid());
        await().atMost(WAIT).until(() -> demo.node("laser-1").state() == MachineState.ACTIVE);
        demo.reader("laser-1").present(emma.badgeType(), emma.badgeUid());

        await().atMost(WAIT).untilAsserted(() -> assertThat(certificationOf(manager, "m-emma", "laser-cutting"))
                .isNotNull());
        JsonNode granted = certificationOf(manager, "m-emma", "laser-cutting");
        assertThat(granted.get("status").asText()).isEqualTo("valid");
        assertThat(granted.get("grantedBy").asText()).isEqualTo("m-chloe");
        assertThat(certificationOf(manager, "m-david", "laser-cutting")).isNull();
        assertThat(manager.json("/api/v1/audit?member=m-emma").get("entries").get(0).get("actor").asText()).isEqualTo("member:m-chloe");

        demo.reader("laser-1").present(chloe.badgeType(), chloe.badgeUid());
        await().atMost(WAIT).until(() -> demo.node("laser-1").state() == MachineState.IDLE);
        await().atMost(WAIT).untilAsserted(() -> {
            demo.reader("laser-1").present(emma.badgeType(), emma.badgeUid());
            await().atMost(Duration.ofSeconds(2)).until(() -> demo.node("laser-1").state() == MachineState.ACTIVE);
        });
    }

    @Test
    void enrollModeOnANode_attachesTheNextUnknownBadgeToTheChosenMember() throws Exception {
        DemoApi manager = new DemoApi(demo.gateway().httpPort(), "fabmanager");
        String newcomer = Json.mapper().readTree(manager.post("/api/v1/members",
                "{\"name\":\"Farid Benali\",\"email\":\"farid@example.org\"}").body()).get("id").asText();
        assertThat(manager.post("/api/v1/nodes/printer-1/mode", "{\"mode\":\"enroll\",\"memberId\":\"" + newcomer + "\"}")
                .statusCode()).isEqualTo(200);

        demo.reader("printer-1").present(Demo.stranger().badgeType(), Demo.stranger().badgeUid());

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(manager.json("/api/v1/members/" + newcomer + "/badges")).hasSize(1));
        // the node's mode ends after the badge is stored, in a step of its own
        await().atMost(WAIT).untilAsserted(() -> assertThat(manager.json("/api/v1/nodes")).anySatisfy(node -> {
            assertThat(node.get("nodeId").asText()).isEqualTo("printer-1");
            assertThat(node.get("mode").asText()).isEqualTo("normal");
        }));
    }

    private static JsonNode certificationOf(DemoApi browser, String member, String training) throws Exception {
        for (JsonNode certification : browser.json("/api/v1/members/" + member + "/certifications")) {
            if (certification.get("trainingId").asText().equals(training)
                    && !certification.get("status").asText().equals("revoked")) {
                return certification;
            }
        }
        return null;
    }
}

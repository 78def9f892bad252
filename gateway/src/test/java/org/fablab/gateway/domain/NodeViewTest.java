package org.fablab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.TestVectors;
import org.junit.jupiter.api.Test;

class NodeViewTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final NodeRecord LASER = new NodeRecord("laser-1", "laser-1",
            TestVectors.root().at("/nodes/laser-1/public").asText(), OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15));

    private static NodeView laserWithAclIssued(Instant issued) {
        MachineView live = new MachineView("laser-1", "Laser", "laser-cutter", "laser-1", MachineState.IDLE, true,
                issued, null, LASER.maxStaleness());
        return NodeView.of(LASER, NodeMode.normal("laser-1"), live, null, null, NOW);
    }

    @Test
    void aclWithinItsLimit_showsItsAge_andIsNotStale() {
        NodeView view = laserWithAclIssued(NOW.minusSeconds(15 * 60));

        assertThat(view.aclAgeSeconds()).isEqualTo(900L);
        assertThat(view.aclStale()).isFalse();
        assertThat(view.online()).isTrue();
    }

    @Test
    void aclPastItsLimit_isStale() {
        NodeView view = laserWithAclIssued(NOW.minusSeconds(15 * 60 + 1));

        assertThat(view.aclAgeSeconds()).isEqualTo(901L);
        assertThat(view.aclStale()).isTrue();
    }

    @Test
    void nodeWithoutAReportedAcl_isStaleWithNoAge() {
        NodeView view = NodeView.of(LASER, NodeMode.normal("laser-1"), null, null, null, NOW);

        assertThat(view.aclAgeSeconds()).isNull();
        assertThat(view.aclStale()).isTrue();
        assertThat(view.online()).isFalse();
    }
}

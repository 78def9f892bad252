package org.fablab.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcRegistryStore;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.NodeEntry;
import org.fablab.gateway.domain.NodeLifecycle;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.gateway.port.Conflict;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.OfflinePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry service over a real SQLite store, with its effects on the running gateway recorded in order. */
class NodeRegistryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Principal ADMIN = new Principal("admin", Role.ADMIN, null, "Admin");
    private static final String KEY = Ed25519Keys.encode(Ed25519Keys.generate().getPublic());

    @TempDir
    Path folder;
    private Database database;
    private NodeRegistry registry;
    private final List<String> calls = new ArrayList<>();
    private boolean clearingFails;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2);
        registry = new NodeRegistry(new JdbcRegistryStore(database.dataSource()), new BrokerAccounts() {
            @Override
            public void grantNode(String nodeId, char[] password) {
                calls.add("grant " + nodeId);
            }

            @Override
            public void revokeNode(String nodeId) {
                calls.add("revoke " + nodeId);
            }
        }, new NodeRegistry.Effects() {
            @Override
            public void reload(boolean waitForAcls) {
                calls.add(waitForAcls ? "reload and wait" : "reload");
            }

            @Override
            public void clearRetained(String nodeId) {
                if (clearingFails) {
                    throw new IllegalStateException("broker unreachable");
                }
                calls.add("clear " + nodeId);
            }
        }, Clock.fixed(T0, ZoneOffset.UTC));
        registry.createMachine(ADMIN, new MachineRecord("laser-1", "Laser", "laser-cutter"));
        registry.createMachine(ADMIN, new MachineRecord("laser-2", "Laser 2", "laser-cutter"));
        calls.clear();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void expect_declaresAPendingNodeWithTheSafePolicy_andActivateMakesItsKeyTheActiveOne() {
        registry.expect("n-1", "laser-1", "admin");

        assertThat(registry.node("n-1").state()).isEqualTo(NodeLifecycle.PENDING);
        assertThat(registry.node("n-1").offlinePolicy()).isEqualTo(OfflinePolicy.FAIL_CLOSED);
        assertThat(registry.activeKey("n-1")).isEmpty();

        registry.activate("n-1", KEY, "enrollment");

        assertThat(registry.activeKey("n-1")).contains(KEY);
        assertThat(registry.activeKey("nobody")).isEmpty();
        assertThat(calls).containsExactly("reload");
    }

    @Test
    void expect_forAnActiveNode_movesItButKeepsItsKey_andForARetiredOneIsRefused() {
        registry.expect("n-1", "laser-1", "admin");
        registry.activate("n-1", KEY, "enrollment");

        registry.expect("n-1", "laser-2", "admin");

        assertThat(registry.node("n-1").machineId()).isEqualTo("laser-2");
        assertThat(registry.activeKey("n-1")).contains(KEY);
        registry.retireNode(ADMIN, "n-1", Optional.empty());
        assertThatThrownBy(() -> registry.expect("n-1", "laser-1", "admin")).isInstanceOf(Conflict.class)
                .hasMessageContaining("never reused");
    }

    @Test
    void retire_shutsIngestionOutBeforeTheBrokerAndTheRetainedTopics() {
        registry.createNode(ADMIN, "n-1", "laser-1", OfflinePolicy.CACHED, Duration.ofHours(24));
        registry.activate("n-1", KEY, "enrollment");
        calls.clear();

        registry.retireNode(ADMIN, "n-1", Optional.of("stolen"));

        assertThat(calls).containsExactly("reload and wait", "revoke n-1", "clear n-1");
        assertThat(registry.activeKey("n-1")).isEmpty();
    }

    @Test
    void retireAgain_afterTheRetainedTopicsCouldNotBeEmptied_redoesTheBrokerSteps() {
        registry.createNode(ADMIN, "n-1", "laser-1", OfflinePolicy.CACHED, Duration.ofHours(24));
        clearingFails = true;
        assertThatThrownBy(() -> registry.retireNode(ADMIN, "n-1", Optional.empty()))
                .hasMessageContaining("retire it again");
        clearingFails = false;
        calls.clear();

        registry.retireNode(ADMIN, "n-1", Optional.empty());

        assertThat(calls).containsExactly("revoke n-1", "clear n-1");
        assertThat(registry.node("n-1").state()).isEqualTo(NodeLifecycle.RETIRED);
    }

    @Test
    void maxStaleness_outsideItsBounds_isRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> registry.createNode(ADMIN, "n-1", "laser-1", OfflinePolicy.CACHED, Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.createNode(ADMIN, "n-1", "laser-1", OfflinePolicy.CACHED, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.nodes()).isEmpty();
    }

    @Test
    void sightings_keepTheNewestTimeAndTheLastSoftwareNamed() {
        registry.seen("n-1", T0, "1.0");
        registry.seen("n-1", T0.plusSeconds(5), null);
        registry.seen("n-1", T0.minusSeconds(5), "1.1");

        assertThat(registry.sighting("n-1")).contains(new NodeEntry.Sighting(T0.plusSeconds(5), "1.1"));
        assertThat(registry.sighting("n-2")).isEmpty();
    }
}

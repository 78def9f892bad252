package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.NodeKey;
import org.fablab.gateway.domain.NodeLifecycle;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.RegisteredNode;
import org.fablab.gateway.port.AuditLog;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.NotFound;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.OfflinePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Machines, nodes and node keys of the registry: the behaviour every database must have. */
abstract class RegistryStoreContract {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final String KEY_1 = Ed25519Keys.encode(Ed25519Keys.generate().getPublic());
    static final String KEY_2 = Ed25519Keys.encode(Ed25519Keys.generate().getPublic());

    private Database database;
    private JdbcRegistryStore registry;
    private JdbcLabDirectory directory;
    private JdbcAuditLog audit;

    abstract Database openEmptyDatabase();

    abstract void dropDatabase();

    @BeforeEach
    void open() {
        database = openEmptyDatabase();
        registry = new JdbcRegistryStore(database.dataSource());
        directory = new JdbcLabDirectory(database.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
        audit = new JdbcAuditLog(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase();
    }

    private static AuditEntry entry(String action, String id) {
        return AuditEntry.of(T0, "admin", AuditAction.ofCode(action).orElseThrow(), "node", id).machine("laser-1");
    }

    private List<String> actions() {
        return audit.entries(new AuditLog.Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), 0, 100).entries().stream().map(AuditLog.Line::entry).toList().stream()
                .map(AuditEntry::action).toList();
    }

    private void laser() {
        registry.createMachine(new MachineRecord("laser-1", "Laser", "laser-cutter"), entry("machine.created", "laser-1"));
    }

    @Test
    void pendingNode_hasNoKey_andIsNotInTheDirectoryUntilActivated() {
        laser();
        registry.createNode("n-1", "laser-1", OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15), T0,
                entry("node.created", "n-1"));

        assertThat(registry.node("n-1")).get().satisfies(node -> {
            assertThat(node.state()).isEqualTo(NodeLifecycle.PENDING);
            assertThat(node.publicKey()).isNull();
            assertThat(node.createdAt()).isEqualTo(T0);
        });
        assertThat(directory.nodes()).isEmpty();

        registry.activate("n-1", KEY_1, T0.plusSeconds(60), entry("node.activated", "n-1"));

        assertThat(directory.nodes()).extracting(NodeRecord::publicKey).containsExactly(KEY_1);
        assertThat(actions()).containsExactly("node.activated", "node.created", "machine.created");
    }

    @Test
    void rotation_endsTheOldKeyWhenTheNewOneStarts_andAKeyHeldBeforeIsRefused() {
        laser();
        registry.createNode("n-1", "laser-1", OfflinePolicy.CACHED, Duration.ofHours(24), T0, entry("node.created", "n-1"));
        registry.activate("n-1", KEY_1, T0.plusSeconds(1), entry("node.activated", "n-1"));
        registry.activate("n-1", KEY_2, T0.plusSeconds(2), entry("node.key-rotated", "n-1"));

        assertThat(registry.keys("n-1")).containsExactly(NodeKey.of(KEY_1, T0.plusSeconds(1), T0.plusSeconds(2)),
                NodeKey.of(KEY_2, T0.plusSeconds(2), null));
        assertThatThrownBy(() -> registry.activate("n-1", KEY_1, T0.plusSeconds(3), entry("node.key-rotated", "n-1")))
                .isInstanceOf(Conflict.class);
        assertThat(registry.node("n-1").orElseThrow().publicKey()).isEqualTo(KEY_2);
        assertThat(actions()).containsExactly("node.key-rotated", "node.activated", "node.created", "machine.created");
    }

    @Test
    void retiredNode_leavesTheDirectory_keepsItsHistory_andCannotBeChangedOrReactivated() {
        laser();
        registry.createNode("n-1", "laser-1", OfflinePolicy.CACHED, Duration.ofHours(24), T0, entry("node.created", "n-1"));
        registry.activate("n-1", KEY_1, T0, entry("node.activated", "n-1"));

        registry.retireNode("n-1", T0.plusSeconds(5), entry("node.retired", "n-1"));

        RegisteredNode retired = registry.node("n-1").orElseThrow();
        assertThat(retired.state()).isEqualTo(NodeLifecycle.RETIRED);
        assertThat(retired.retiredAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(directory.nodes()).isEmpty();
        assertThat(registry.keys("n-1")).containsExactly(NodeKey.of(KEY_1, T0, T0.plusSeconds(5)));
        assertThatThrownBy(() -> registry.activate("n-1", KEY_2, T0, entry("node.activated", "n-1")))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> registry.retireNode("n-1", T0, entry("node.retired", "n-1")))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> registry.createNode("n-1", "laser-1", OfflinePolicy.CACHED, Duration.ofHours(1), T0,
                entry("node.created", "n-1"))).isInstanceOf(Conflict.class);
        assertThat(registry.keys("n-1")).hasSize(1);
        assertThat(actions()).containsExactly("node.retired", "node.activated", "node.created", "machine.created");
    }

    @Test
    void machineWithANode_isNotRetired_andARetiredMachineTakesNoNodeAndLeavesTheDirectory() {
        laser();
        registry.createNode("n-1", "laser-1", OfflinePolicy.CACHED, Duration.ofHours(24), T0, entry("node.created", "n-1"));

        assertThatThrownBy(() -> registry.retireMachine("laser-1", T0, entry("machine.retired", "laser-1")))
                .isInstanceOf(Conflict.class).hasMessageContaining("n-1");

        registry.retireNode("n-1", T0, entry("node.retired", "n-1"));
        registry.retireMachine("laser-1", T0.plusSeconds(9), entry("machine.retired", "laser-1"));

        assertThat(registry.machine("laser-1").orElseThrow().retiredAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(directory.machines()).isEmpty();
        assertThatThrownBy(() -> registry.createNode("n-2", "laser-1", OfflinePolicy.CACHED, Duration.ofHours(1), T0,
                entry("node.created", "n-2"))).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> registry.updateMachine(new MachineRecord("laser-1", "L", "laser-cutter"),
                entry("machine.updated", "laser-1"))).isInstanceOf(NotFound.class);
        assertThat(actions()).containsExactly("machine.retired", "node.retired", "node.created", "machine.created");
    }

    @Test
    void movingANode_changesItsMachineAndPolicy_andAnUnknownMachineWritesNothing() {
        laser();
        registry.createMachine(new MachineRecord("laser-2", "Laser 2", "laser-cutter"), entry("machine.created", "laser-2"));
        directory.upsert(new NodeRecord("n-1", "laser-1", KEY_1, OfflinePolicy.CACHED, Duration.ofHours(24)));

        registry.updateNode("n-1", "laser-2", OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(10), entry("node.updated", "n-1"));

        assertThat(directory.nodes()).containsExactly(new NodeRecord("n-1", "laser-2", KEY_1, OfflinePolicy.FAIL_CLOSED,
                Duration.ofMinutes(10)));
        assertThatThrownBy(() -> registry.updateNode("n-1", "nowhere", OfflinePolicy.CACHED, Duration.ofHours(1),
                entry("node.updated", "n-1"))).isInstanceOf(NotFound.class);
        assertThat(directory.nodes().get(0).machineId()).isEqualTo("laser-2");
        assertThat(actions()).containsExactly("node.updated", "machine.created", "machine.created");
    }

    @Test
    void seededNode_isActiveWithItsKeyInTheHistory_andReseedingWithANewKeyEndsTheOldOne() {
        laser();
        directory.upsert(new NodeRecord("n-1", "laser-1", KEY_1, OfflinePolicy.CACHED, Duration.ofHours(24)));
        directory.upsert(new NodeRecord("n-1", "laser-1", KEY_2, OfflinePolicy.CACHED, Duration.ofHours(24)));

        assertThat(registry.node("n-1").orElseThrow().state()).isEqualTo(NodeLifecycle.ACTIVE);
        assertThat(registry.keys("n-1")).extracting(NodeKey::publicKey, NodeKey::validUntil)
                .containsExactlyInAnyOrder(tuple(KEY_1, T0), tuple(KEY_2, null));
    }
}

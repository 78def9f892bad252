package org.fablab.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.NodeEntry;
import org.fablab.gateway.domain.NodeKey;
import org.fablab.gateway.domain.NodeLifecycle;
import org.fablab.gateway.domain.RegisteredMachine;
import org.fablab.gateway.domain.RegisteredNode;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.NodeActivation;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.RegistryStore;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Names;
import org.fablab.protocol.OfflinePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Machines and nodes as an admin manages them at run time: create, edit, retire, and a node's keys (the
 * {@link NodeActivation} that enrollment and key rotation call). Every change is audited with its actor, in the same
 * transaction as the change, and takes effect at once through {@link Effects}.
 *
 * <p>Who owns what, and why it is safe: the database owns the registry rows and their audit lines, each change one
 * transaction. This service is the only writer of those rows in a gateway (the demo's seed runs before it starts),
 * and its writes are serialized by its monitor, so a change and the {@link Effects#reload} that makes it live happen
 * in commit order: ingestion's key ring and the live board always end on the newest committed registry. The key
 * ring and the board are swapped whole by their owners, so ingestion threads read either the old or the new one,
 * never half of each. {@link #seen} is called by ingestion and writes only the in-memory sightings, a concurrent map
 * that no registry write touches. Several gateways on one PostgreSQL: {@link Effects#reload} also tells the others,
 * which make the change live in their own process (docs/architecture.md, "Several instances").
 */
public final class NodeRegistry implements NodeActivation {
    /** A pending node declared by an enrollment has no policy yet: the safe one until an admin sets another. */
    public static final OfflinePolicy DEFAULT_POLICY = OfflinePolicy.FAIL_CLOSED;
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofMinutes(15);
    /** Longest {@code maxStaleness} accepted: beyond a week a revoked badge would work offline far too long. */
    public static final Duration MAX_STALENESS_LIMIT = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistry.class);

    /** How a registry change reaches the running gateway. */
    public interface Effects {
        /**
         * Makes the directory's machines in service and active nodes live: ingestion's keys, the live board and the
         * ACLs, and tells the other gateway instances on the database. Returns once ingestion uses the new keys and,
         * when {@code waitForAcls}, once the ACLs were rebuilt.
         */
        void reload(boolean waitForAcls);

        /** Empties the node's retained {@code acl} and {@code status} topics on the broker. */
        void clearRetained(String nodeId) throws Exception;
    }

    /** A change to a machine; an empty field keeps its value. */
    public record MachineChange(Optional<String> name, Optional<String> kind) {
    }

    /** A change to a node; an empty field keeps its value. */
    public record NodeChange(Optional<String> machineId, Optional<OfflinePolicy> offlinePolicy,
                             Optional<Duration> maxStaleness) {
    }

    private final RegistryStore store;
    private final BrokerAccounts broker;
    private final Effects effects;
    private final Clock clock;
    private final Map<String, NodeEntry.Sighting> sightings = new ConcurrentHashMap<>();

    public NodeRegistry(RegistryStore store, BrokerAccounts broker, Effects effects, Clock clock) {
        this.store = store;
        this.broker = broker;
        this.effects = effects;
        this.clock = clock;
    }

    // ---- machines -------------------------------------------------------------------------------

    public List<RegisteredMachine> machines() {
        return store.machines();
    }

    public RegisteredMachine machine(String id) {
        return store.machine(id).orElseThrow(() -> new NotFound(ErrorCode.MACHINE_NOT_FOUND, id));
    }

    public synchronized RegisteredMachine createMachine(Principal actor, MachineRecord machine) {
        store.createMachine(machine, audit(actor.actor(), AuditAction.MACHINE_CREATED, "machine", machine.id())
                .machine(machine.id()).with("name", machine.name()).with("kind", machine.kind()));
        effects.reload(false);
        return machine(machine.id());
    }

    public synchronized RegisteredMachine updateMachine(Principal actor, String id, MachineChange change) {
        RegisteredMachine before = machine(id);
        MachineRecord after = new MachineRecord(id, change.name().orElse(before.name()),
                change.kind().orElse(before.kind()));
        List<String> changed = new ArrayList<>();
        change.name().ifPresent(v -> changed.add("name=" + v));
        change.kind().ifPresent(v -> changed.add("kind=" + v));
        store.updateMachine(after, audit(actor.actor(), AuditAction.MACHINE_UPDATED, "machine", id).machine(id)
                .with("changed", String.join(", ", changed)));
        effects.reload(true);
        return machine(id);
    }

    public synchronized RegisteredMachine retireMachine(Principal actor, String id, Optional<String> reason) {
        store.retireMachine(id, clock.instant(), audit(actor.actor(), AuditAction.MACHINE_RETIRED, "machine", id).machine(id)
                .reason(reason.orElse(null)));
        effects.reload(true);
        return machine(id);
    }

    // ---- nodes ----------------------------------------------------------------------------------

    public List<RegisteredNode> nodes() {
        return store.nodes();
    }

    public RegisteredNode node(String id) {
        return store.node(id).orElseThrow(() -> new NotFound(ErrorCode.NODE_NOT_FOUND, id));
    }

    /** What ingestion last heard from each node since the gateway started. */
    public Optional<NodeEntry.Sighting> sighting(String nodeId) {
        return Optional.ofNullable(sightings.get(nodeId));
    }

    /** Ingestion heard from {@code nodeId} a message dated {@code ts}; {@code software} when its status names it. */
    public void seen(String nodeId, Instant ts, String software) {
        sightings.merge(nodeId, new NodeEntry.Sighting(ts, software), (last, next) -> last.seen(ts, software));
    }

    public List<NodeKey> keys(String nodeId) {
        node(nodeId);
        return store.keys(nodeId);
    }

    /** Declares a pending node: known, with no key accepted until {@link #activate}. */
    public synchronized RegisteredNode createNode(Principal actor, String id, String machineId, OfflinePolicy policy,
                                                  Duration maxStaleness) {
        declare(actor.actor(), id, machineId, policy, requireStaleness(maxStaleness));
        return node(id);
    }

    public synchronized RegisteredNode updateNode(Principal actor, String id, NodeChange change) {
        RegisteredNode before = node(id);
        if (before.retired()) {
            throw new Conflict(ErrorCode.NODE_RETIRED, id);
        }
        List<String> changed = new ArrayList<>();
        change.machineId().ifPresent(v -> changed.add("machine " + before.machineId() + " -> " + v));
        change.offlinePolicy().ifPresent(v -> changed.add("offlinePolicy=" + v.wire()));
        change.maxStaleness().ifPresent(v -> changed.add("maxStaleness=" + v));
        String machineId = change.machineId().orElse(before.machineId());
        store.updateNode(id, machineId, change.offlinePolicy().orElse(before.offlinePolicy()),
                requireStaleness(change.maxStaleness().orElse(before.maxStaleness())),
                audit(actor.actor(), AuditAction.NODE_UPDATED, "node", id).machine(machineId)
                        .with("changed", String.join(", ", changed)));
        effects.reload(true);
        return node(id);
    }

    /**
     * Retires the node: its key is refused from the next message on ({@code unknown-node}), its ACL is no longer
     * published, its broker user is revoked and its retained topics are emptied. Retiring a retired node redoes the
     * last two steps, so a retirement whose broker step failed can be completed.
     */
    public synchronized RegisteredNode retireNode(Principal actor, String id, Optional<String> reason) {
        RegisteredNode before = node(id);
        if (!before.retired()) {
            store.retireNode(id, clock.instant(), audit(actor.actor(), AuditAction.NODE_RETIRED, "node", id)
                    .machine(before.machineId()).reason(reason.orElse(null))
                    .with("fingerprint", before.fingerprint()));
            // the ACL rebuild is awaited so that no publication still in flight re-fills the topics emptied below
            effects.reload(true);
        }
        broker.revokeNode(id);
        try {
            effects.clearRetained(id);
        } catch (Exception e) {
            throw new IllegalStateException("node " + id + " is retired and its broker user revoked, but its retained"
                    + " topics were not emptied (" + e.getMessage() + "); retire it again to retry", e);
        }
        LOG.info("node retired [node: {}, by: {}]", id, actor.actor());
        return node(id);
    }

    // ---- NodeActivation -------------------------------------------------------------------------

    /**
     * Declares the node pending on {@code machineId} when it is unknown; moves a pending or active node to that
     * machine (an active node keeps its key until {@link #activate} replaces it, so a working Pi is not cut off by
     * an enrollment for its replacement).
     *
     * @throws Conflict when the node is retired: a retired id is never reused
     */
    @Override
    public synchronized void expect(String nodeId, String machineId, String actor) {
        Optional<RegisteredNode> known = store.node(nodeId);
        if (known.isEmpty()) {
            declare(actor, nodeId, machineId, DEFAULT_POLICY, DEFAULT_MAX_STALENESS);
            return;
        }
        RegisteredNode node = known.get();
        if (node.retired()) {
            throw new Conflict(ErrorCode.NODE_RETIRED, nodeId);
        }
        if (!node.machineId().equals(machineId)) {
            store.updateNode(nodeId, machineId, node.offlinePolicy(), node.maxStaleness(),
                    audit(actor, AuditAction.NODE_UPDATED, "node", nodeId).machine(machineId)
                            .with("changed", "machine"));
            effects.reload(true);
        }
    }

    @Override
    public synchronized void activate(String nodeId, String publicKey, String actor) {
        String fingerprint = Ed25519Keys.fingerprint(Ed25519Keys.publicKey(publicKey));
        RegisteredNode before = node(nodeId);
        AuditAction action = before.state() == NodeLifecycle.ACTIVE ? AuditAction.NODE_KEY_ROTATED
                : AuditAction.NODE_ACTIVATED;
        store.activate(nodeId, publicKey, clock.instant(), audit(actor, action, "node", nodeId)
                .machine(before.machineId()).with("fingerprint", fingerprint)
                .with("replaces", before.fingerprint()));
        effects.reload(false);
        LOG.info("node key accepted [node: {}, fingerprint: {}, by: {}]", nodeId, fingerprint, actor);
    }

    @Override
    public Optional<String> activeKey(String nodeId) {
        return store.node(nodeId).map(RegisteredNode::publicKey);
    }

    private void declare(String actor, String id, String machineId, OfflinePolicy policy, Duration maxStaleness) {
        Names.requireId("node id", id);
        store.createNode(id, machineId, policy, maxStaleness, clock.instant(), audit(actor, AuditAction.NODE_CREATED, "node", id)
                .machine(machineId).with("policy", policy.wire()).with("maxStaleness", maxStaleness));
    }

    private static Duration requireStaleness(Duration maxStaleness) {
        if (maxStaleness.isNegative() || maxStaleness.isZero() || maxStaleness.compareTo(MAX_STALENESS_LIMIT) > 0) {
            throw new IllegalArgumentException("maxStaleness must be more than 0 and at most "
                    + MAX_STALENESS_LIMIT.toDays() + " days");
        }
        return maxStaleness;
    }

    private AuditEntry audit(String actor, AuditAction action, String type, String id) {
        return AuditEntry.of(clock.instant(), actor, action, type, id);
    }
}

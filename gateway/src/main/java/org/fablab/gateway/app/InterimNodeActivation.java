package org.fablab.gateway.app;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.port.LabDirectory;
import org.fablab.gateway.port.NodeActivation;
import org.fablab.gateway.port.NotFound;
import org.fablab.protocol.OfflinePolicy;

/**
 * TEMPORARY, until the node registry implements {@link NodeActivation}: pending nodes are kept in memory only, an
 * activated node is written to the directory (fail-closed, 15 min staleness for a new one) and the key ring is
 * reloaded, and nothing is audited here. The registry replaces this class and its one use in {@link Gateway}.
 */
final class InterimNodeActivation implements NodeActivation {
    private final LabDirectory directory;
    private final NodeKeyRing keyRing;
    private final Runnable accessChanged;
    private final Map<String, String> pending = new ConcurrentHashMap<>();

    InterimNodeActivation(LabDirectory directory, NodeKeyRing keyRing, Runnable accessChanged) {
        this.directory = directory;
        this.keyRing = keyRing;
        this.accessChanged = accessChanged;
    }

    @Override
    public void expect(String nodeId, String machineId, String actor) {
        if (directory.machines().stream().noneMatch(m -> m.id().equals(machineId))) {
            throw new NotFound("no machine " + machineId);
        }
        pending.put(nodeId, machineId);
    }

    @Override
    public synchronized void activate(String nodeId, String publicKey, String actor) {
        Optional<NodeRecord> existing = node(nodeId);
        String machineId = Optional.ofNullable(pending.remove(nodeId))
                .or(() -> existing.map(NodeRecord::machineId))
                .orElseThrow(() -> new NotFound("no node " + nodeId + " is expected"));
        directory.upsert(existing.map(n -> new NodeRecord(nodeId, machineId, publicKey, n.offlinePolicy(),
                        n.maxStaleness()))
                .orElseGet(() -> new NodeRecord(nodeId, machineId, publicKey, OfflinePolicy.FAIL_CLOSED,
                        Duration.ofMinutes(15))));
        keyRing.replace(directory.nodes());
        accessChanged.run();
    }

    @Override
    public Optional<String> activeKey(String nodeId) {
        return node(nodeId).map(NodeRecord::publicKey);
    }

    private Optional<NodeRecord> node(String nodeId) {
        return directory.nodes().stream().filter(n -> n.id().equals(nodeId)).findFirst();
    }
}

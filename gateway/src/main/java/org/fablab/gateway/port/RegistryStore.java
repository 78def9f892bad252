package org.fablab.gateway.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.NodeKey;
import org.fablab.gateway.domain.RegisteredMachine;
import org.fablab.gateway.domain.RegisteredNode;
import org.fablab.protocol.OfflinePolicy;

/**
 * The machines and nodes an admin manages, retired ones included. Each write stores its audit entry in the same
 * transaction, so a change is never without its line in the log. Blocking; thread-safe.
 */
public interface RegistryStore {
    List<RegisteredMachine> machines();

    Optional<RegisteredMachine> machine(String id);

    /** @throws Conflict when the id is taken, by a retired machine too */
    void createMachine(MachineRecord machine, AuditEntry audit);

    /** @throws NotFound when there is no such machine in service */
    void updateMachine(MachineRecord machine, AuditEntry audit);

    /** @throws NotFound when there is no such machine in service; @throws Conflict while a node not retired is on it */
    void retireMachine(String id, Instant at, AuditEntry audit);

    List<RegisteredNode> nodes();

    Optional<RegisteredNode> node(String id);

    /** Declares a pending node. @throws Conflict when the id is taken; @throws NotFound when the machine is not in service */
    void createNode(String id, String machineId, OfflinePolicy policy, Duration maxStaleness, Instant at,
                    AuditEntry audit);

    /** @throws NotFound when the node is unknown or retired, or the machine is not in service */
    void updateNode(String id, String machineId, OfflinePolicy policy, Duration maxStaleness, AuditEntry audit);

    /**
     * Makes the node active with {@code publicKey}: its current key, if any, ends at {@code at}.
     *
     * @throws NotFound when the node is unknown or retired
     * @throws Conflict when the node held this key before
     */
    void activate(String id, String publicKey, Instant at, AuditEntry audit);

    /** Retires the node and ends its key at {@code at}. @throws NotFound when the node is unknown or already retired */
    void retireNode(String id, Instant at, AuditEntry audit);

    /** Every key the node held, oldest first (a key from before the history was kept comes first). */
    List<NodeKey> keys(String nodeId);
}

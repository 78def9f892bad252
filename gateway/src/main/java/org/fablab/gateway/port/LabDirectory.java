package org.fablab.gateway.port;

import java.util.List;
import org.fablab.gateway.domain.BadgeRecord;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;

/**
 * Machines in service, active nodes, members and badges of the lab: what ingestion, the board and the ACLs work
 * with. The registry ({@link RegistryStore}) manages machines and nodes; this interface seeds them. Blocking;
 * thread-safe.
 */
public interface LabDirectory {
    List<MachineRecord> machines();

    List<NodeRecord> nodes();

    /** Inserts or updates, keyed by id, in service; used by seeding (the demo). */
    void upsert(MachineRecord machine);

    /** Inserts or updates, keyed by id, active with its key (key history kept); used by seeding (the demo). */
    void upsert(NodeRecord node);

    void upsert(MemberRecord member);

    void upsert(BadgeRecord badge);
}

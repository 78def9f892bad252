package org.fablab.gateway.port;

import java.util.List;
import org.fablab.gateway.domain.BadgeRecord;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;

/** Machines, nodes, members and badges of the lab. Blocking; thread-safe. */
public interface LabDirectory {
    List<MachineRecord> machines();

    List<NodeRecord> nodes();

    /** Inserts or updates, keyed by id; used by seeding and, later, the administration API. */
    void upsert(MachineRecord machine);

    void upsert(NodeRecord node);

    void upsert(MemberRecord member);

    void upsert(BadgeRecord badge);
}

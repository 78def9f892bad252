package org.fablab.node.port;

import java.util.List;
import java.util.Optional;
import org.fablab.node.domain.InterruptedSession;
import org.fablab.protocol.MachineState;

/**
 * What the node remembers across restarts besides its outbox: the last accepted ACL, the open session,
 * its administrative state and the commands it already executed. Thread-safe.
 */
public interface NodeMemory {

    /** The raw signed ACL payload as received on its topic; callers re-verify it before use. */
    record StoredAcl(String topic, byte[] payload) {
        public StoredAcl {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    void saveAcl(StoredAcl acl);

    Optional<StoredAcl> loadAcl();

    /** Sessions open when the node stopped, at their last persisted progress. */
    List<InterruptedSession> openSessions();

    /** The blocked / out-of-service / to-check / fault state set before the restart, else idle. */
    MachineState adminState();

    /** Records a command id; true the first time, false when it was already executed. */
    boolean firstTimeCommand(String commandId);
}

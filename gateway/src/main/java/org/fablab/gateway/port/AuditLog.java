package org.fablab.gateway.port;

import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.AuditEntry;

/** Reads the append-only audit log; entries are written by the stores together with their change. */
public interface AuditLog {

    record Filter(Optional<String> member, Optional<String> machine, Optional<String> actor, int limit) {
    }

    /** Newest first. */
    List<AuditEntry> entries(Filter filter);
}

package org.fablab.gateway.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Names;

/**
 * What one machine's ACL should hold now, and when to compute it again.
 *
 * @param entries    the badges allowed now, ordered by credential hash
 * @param nextChange the earliest instant at which an entry could appear or disappear by itself (an expiry, the end
 *                   of a membership, an opening boundary); empty when nothing in the rules changes it
 */
public record AclPlan(List<AclSnapshot.Entry> entries, Optional<Instant> nextChange) {
    public AclPlan {
        entries = List.copyOf(Names.require("entries", entries));
        Names.require("nextChange", nextChange);
    }
}

package org.fablab.gateway.port;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;
import org.fablab.gateway.domain.AuditEntry;

/** Reads the append-only audit log; entries are written by the stores together with their change. */
public interface AuditLog {

    /**
     * Which entries: each present criterion must hold. {@code actor} matches the actor as written or a part of its
     * display name (any case); {@code from} inclusive, {@code until} exclusive.
     */
    record Filter(Optional<String> member, Optional<String> machine, Optional<String> actor, Optional<String> action,
                  Optional<Instant> from, Optional<Instant> until) {
        public static final Filter ALL = new Filter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * An entry with the names of who, which member and which machine, as they are now; a name is null when the id is
     * absent or names nothing (a deleted row, an actor such as {@code anonymous}).
     *
     * @param actorMemberId the member who acted: the actor's account's member, or the badge's member; null when none
     */
    record Line(@JsonUnwrapped AuditEntry entry, String actorMemberId, String actorName, String memberName,
                String machineName) {
    }

    /** Lines {@code offset} to {@code offset + limit} of the matching ones, newest first, and how many match. */
    Page<Line> entries(Filter filter, int offset, int limit);

    /** Hands every matching line, newest first, to {@code reader} from a forward-only cursor (valid during the call). */
    <R> R stream(Filter filter, Function<Iterator<Line>, R> reader);
}

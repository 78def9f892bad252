package org.fablab.gateway.port;

import java.util.Optional;
import java.util.Set;
import org.fablab.gateway.domain.AuditEntry;

/**
 * The repair or reuse tag of a session or a consumable record (V12), which the impact report counts. Each write is
 * stored with its audit entry in one transaction. Blocking; thread-safe.
 */
public interface UsageTags {
    /** The tags a lab may set; anything else is refused. */
    Set<String> TAGS = Set.of("repair", "reuse");

    /**
     * @param tag one of {@link #TAGS}, or empty to remove the tag
     * @throws NotFound when there is no such session
     */
    void tagSession(String nodeId, String sessionId, Optional<String> tag, AuditEntry audit);

    /**
     * @param tag one of {@link #TAGS}, or empty to remove the tag
     * @throws NotFound when there is no such record
     */
    void tagConsumable(String recordId, Optional<String> tag, AuditEntry audit);
}

package org.fablab.gateway.port;

import java.util.Optional;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.UsageTag;

/** The repair or reuse tag of sessions and consumable records (docs/impact.md). */
public interface UsageTagStore {
    /** A session or a consumable record as tagging sees it: whose it is, if anyone's. */
    record Usage(Optional<String> memberId) {
    }

    Optional<Usage> session(String nodeId, String sessionId);

    Optional<Usage> consumableRecord(String id);

    /** Sets or clears the tag and writes {@code audit}, in one transaction. */
    void tagSession(String nodeId, String sessionId, Optional<UsageTag> tag, AuditEntry audit);

    /** Sets or clears the tag and writes {@code audit}, in one transaction. */
    void tagConsumableRecord(String id, Optional<UsageTag> tag, AuditEntry audit);
}

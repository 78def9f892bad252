package org.fablab.gateway.service;

import java.time.Clock;
import java.util.Optional;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.UsageTag;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Permissions;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.UsageTagStore;

/**
 * Tags a session or a consumable record as repair or reuse, or clears the tag (docs/impact.md). A member tags their
 * own usage; {@link Permission#TAG_USAGE} tags anyone's. Every change is audited as {@code usage.tagged}. Blocking;
 * thread-safe.
 */
public final class UsageTagService {
    private final UsageTagStore store;
    private final Clock clock;

    public UsageTagService(UsageTagStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @throws NotFound   when there is no such session
     * @throws NotAllowed when the session is someone else's and the caller may not tag usage
     */
    public void tagSession(Principal actor, String nodeId, String sessionId, Optional<UsageTag> tag) {
        UsageTagStore.Usage usage = store.session(nodeId, sessionId)
                .orElseThrow(() -> new NotFound(ErrorCode.SESSION_NOT_FOUND, sessionId, nodeId));
        allow(actor, usage, "session");
        store.tagSession(nodeId, sessionId, tag, audit(actor, "session", nodeId + "/" + sessionId, usage, tag));
    }

    /**
     * @throws NotFound   when there is no such record
     * @throws NotAllowed when the record is someone else's and the caller may not tag usage
     */
    public void tagConsumableRecord(Principal actor, String id, Optional<UsageTag> tag) {
        UsageTagStore.Usage usage = store.consumableRecord(id)
                .orElseThrow(() -> new NotFound(ErrorCode.CONSUMABLE_RECORD_NOT_FOUND, id));
        allow(actor, usage, "consumable record");
        store.tagConsumableRecord(id, tag, audit(actor, "consumable-record", id, usage, tag));
    }

    private static void allow(Principal actor, UsageTagStore.Usage usage, String what) {
        boolean own = usage.memberId().filter(actor::isMember).isPresent();
        if (!own && !Permissions.allows(actor.role(), Permission.TAG_USAGE)) {
            throw new NotAllowed(ErrorCode.FORBIDDEN_OTHERS);
        }
    }

    private AuditEntry audit(Principal actor, String type, String id, UsageTagStore.Usage usage,
                             Optional<UsageTag> tag) {
        AuditEntry entry = AuditEntry.of(clock.instant(), actor.actor(), AuditAction.USAGE_TAGGED, type, id)
                .with("tag", tag.map(UsageTag::wire).orElse("none"));
        return usage.memberId().map(entry::member).orElse(entry);
    }
}

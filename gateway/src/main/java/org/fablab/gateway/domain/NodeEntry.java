package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import org.fablab.protocol.OfflinePolicy;

/**
 * A node as the registry page shows it: what the registry keeps, what the node last told the gateway, and the age of
 * its ACL when it is active.
 *
 * @param fingerprint   of the key accepted now, null unless active
 * @param lastSeenAt    {@code ts} of the newest status or event received from it since the gateway started, null when none
 * @param software      the software version of its newest {@code online} status, null when none
 * @param online        as the board knows it; false unless active
 * @param aclAgeSeconds age of the ACL the node reported using, null when none or not active
 * @param aclStale      true when an active node reported no ACL or one older than {@code maxStaleness}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NodeEntry(String id, String machineId, NodeLifecycle state, String fingerprint,
                        OfflinePolicy offlinePolicy, Duration maxStaleness, Instant createdAt, Instant retiredAt,
                        Instant lastSeenAt, String software, boolean online, Long aclAgeSeconds, boolean aclStale) {

    /** What ingestion last heard from a node. */
    public record Sighting(Instant lastSeenAt, String software) {
        public Sighting seen(Instant ts, String version) {
            Instant latest = lastSeenAt == null || ts.isAfter(lastSeenAt) ? ts : lastSeenAt;
            return new Sighting(latest, version == null ? software : version);
        }
    }

    /** @param live the node's view from the ACL side ({@link NodeView}), null unless it is active */
    public static NodeEntry of(RegisteredNode node, Sighting sighting, NodeView live) {
        Sighting seen = sighting == null ? new Sighting(null, null) : sighting;
        return new NodeEntry(node.id(), node.machineId(), node.state(), node.fingerprint(), node.offlinePolicy(),
                node.maxStaleness(), node.createdAt(), node.retiredAt(), seen.lastSeenAt(), seen.software(),
                live != null && live.online(), live == null ? null : live.aclAgeSeconds(),
                live != null && live.aclStale());
    }
}

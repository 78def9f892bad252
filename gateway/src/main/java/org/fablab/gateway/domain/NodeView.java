package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Duration;
import java.time.Instant;
import org.fablab.protocol.OfflinePolicy;

/**
 * A node as the node list shows it: its mode, whether it is online, and the age of the ACL it uses against
 * the limit its offline policy sets.
 *
 * @param aclIssuedAt    {@code ts} of the ACL the node last reported using (its {@code status}), null when none
 * @param aclAgeSeconds  whole seconds from {@code aclIssuedAt} to now, null when none
 * @param aclStale       true when the node reported no ACL, or one older than {@code maxStaleness}
 * @param aclPublishedAt when the gateway last published this node's ACL, null when not since it started
 * @param aclNextRenewal when the gateway will publish it again without any change, null when not planned
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NodeView(@JsonUnwrapped NodeMode mode, String machineId, boolean online, OfflinePolicy offlinePolicy,
                       Duration maxStaleness, Instant aclIssuedAt, Long aclAgeSeconds, boolean aclStale,
                       Instant aclPublishedAt, Instant aclNextRenewal) {

    /**
     * @param live         the node's card on the live board, null when its machine has none
     * @param publishedAt  the gateway's last publication for it, null when none
     * @param nextRenewal  the next one planned, null when none
     */
    public static NodeView of(NodeRecord node, NodeMode mode, MachineView live, Instant publishedAt,
                              Instant nextRenewal, Instant now) {
        Instant issued = live == null ? null : live.aclIssuedAt();
        Long age = issued == null ? null : Math.max(0, Duration.between(issued, now).toSeconds());
        boolean stale = issued == null || now.isAfter(issued.plus(node.maxStaleness()));
        return new NodeView(mode, node.machineId(), live != null && live.nodeOnline(), node.offlinePolicy(),
                node.maxStaleness(), issued, age, stale, publishedAt, nextRenewal);
    }
}

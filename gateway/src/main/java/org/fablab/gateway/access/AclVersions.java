package org.fablab.gateway.access;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code version} of each ACL snapshot: the issue time in epoch milliseconds, or one more than the
 * node's previous version when that is not larger (two snapshots in one millisecond, a clock stepped back).
 * Versions therefore grow strictly per node for the life of the gateway, and across restarts as long as the
 * clock does not go back further than the last version. Thread-safe.
 */
public final class AclVersions {
    private final Map<String, Long> lastByNode = new HashMap<>();

    /** The version of the snapshot for {@code node} issued at {@code issuedAt}; records it as the node's last. */
    public synchronized long next(String node, Instant issuedAt) {
        long version = Math.max(issuedAt.toEpochMilli(), lastByNode.getOrDefault(node, -1L) + 1);
        lastByNode.put(node, version);
        return version;
    }
}

package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** What a node does with its ACL when the gateway is unreachable (docs/authorization.md §8). */
public enum OfflinePolicy implements WireNames.Named {
    /** Keep deciding from the cached ACL until it is older than maxStaleness. */
    CACHED,
    /** Deny every badge once the ACL is older than maxStaleness (lasers). */
    FAIL_CLOSED;

    @JsonCreator
    public static OfflinePolicy fromWire(String wire) {
        return WireNames.parse(OfflinePolicy.class, "policy", wire);
    }
}

package org.fablab.gateway.port;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What each node's retained ACL says, as the last publication by any gateway instance left it: a digest per node
 * ({@code AclDigest}). A rebuild publishes only the nodes whose new ACL differs from it. That is safe because rebuilds
 * run one at a time across the instances ({@link #exclusively}) and each reads the access facts inside: the last
 * rebuild to publish a node read facts no older than any before it, so a digest recorded is what the broker retains.
 * A digest is recorded only once the broker has the snapshot; a publication lost before that is published again.
 */
public interface PublishedAcls {
    /**
     * Runs {@code rebuild} while no other rebuild runs, here or on another gateway instance sharing the database;
     * blocking: waits for the one running.
     */
    <T> T exclusively(Supplier<T> rebuild);

    /** Node id → the digest of the ACL the broker retains for it, for every node one is recorded for. */
    Map<String, String> digests();

    /**
     * Records the digests of the ACLs just published ({@code published}, node id → digest) and forgets those of
     * every node not in {@code nodes}, the lab's nodes now: a node retired and registered again gets its ACL.
     */
    void record(Map<String, String> published, Set<String> nodes);

    /** For one process with no database of its own (tests of other parts, tools): a lock and a map. */
    static PublishedAcls inProcess() {
        return new PublishedAcls() {
            private final Map<String, String> digests = new HashMap<>();

            @Override
            public synchronized <T> T exclusively(Supplier<T> rebuild) {
                return rebuild.get();
            }

            @Override
            public synchronized Map<String, String> digests() {
                return Map.copyOf(digests);
            }

            @Override
            public synchronized void record(Map<String, String> published, Set<String> nodes) {
                digests.putAll(published);
                digests.keySet().retainAll(nodes);
            }
        };
    }
}

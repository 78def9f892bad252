package org.fablab.gateway.port;

/**
 * Issues the {@code version} of ACL snapshots from the database, so that it grows strictly across every gateway
 * instance on that database and across restarts whatever their clocks do: a node keeps only a snapshot with a higher
 * version (docs/protocol.md §7.6, §10.4).
 */
@FunctionalInterface
public interface AclVersionStore {

    /** A version larger than every one this database has issued before. Blocking: call from a worker thread. */
    long next();
}

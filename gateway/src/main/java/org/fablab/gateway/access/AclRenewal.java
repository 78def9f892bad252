package org.fablab.gateway.access;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * When the gateway re-signs and republishes a node's ACL though nothing changed, so that a node stays within
 * its {@code maxStaleness} as long as the gateway runs (docs/authorization.md §8).
 *
 * <p>A node is renewed every {@code maxStaleness / 3}, kept between {@link #MIN_INTERVAL} and
 * {@link #MAX_INTERVAL}, so two renewals can be lost before the node's ACL goes stale. The renewal comes early
 * by a jitter of up to {@link #JITTER_PERCENT}% of that interval, fixed per node for a given seed, so nodes
 * published together by one rebuild drift apart instead of all renewing in the same second. The jitter only
 * ever shortens the interval, never lengthens it.
 */
public final class AclRenewal {
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);
    public static final int JITTER_PERCENT = 20;

    private AclRenewal() {
    }

    /** The interval before jitter: {@code maxStaleness / 3}, clamped to [10 s, 1 h]. */
    public static Duration interval(Duration maxStaleness) {
        if (maxStaleness == null || maxStaleness.isNegative()) {
            throw new IllegalArgumentException("maxStaleness must be zero or positive, was " + maxStaleness);
        }
        Duration third = maxStaleness.dividedBy(3);
        if (third.compareTo(MIN_INTERVAL) < 0) {
            return MIN_INTERVAL;
        }
        return third.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : third;
    }

    /**
     * The instant the node's ACL should next be published.
     *
     * @param nodeId          the node, whose id fixes its share of the jitter
     * @param lastPublishedAt when its ACL last went out
     * @param maxStaleness    how long the node may use that ACL
     * @param jitterSeed      drawn once per gateway; the same seed and node always give the same jitter
     */
    public static Instant next(String nodeId, Instant lastPublishedAt, Duration maxStaleness, long jitterSeed) {
        if (nodeId == null || lastPublishedAt == null) {
            throw new IllegalArgumentException("node id and last publication are required");
        }
        Duration interval = interval(maxStaleness);
        long jitterBound = interval.toMillis() * JITTER_PERCENT / 100;
        long jitter = new SplittableRandom(jitterSeed * 31 + nodeId.hashCode()).nextLong(jitterBound + 1);
        return lastPublishedAt.plus(interval).minusMillis(jitter);
    }
}

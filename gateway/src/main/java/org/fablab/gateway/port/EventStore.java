package org.fablab.gateway.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.RejectionLimiter;
import org.fablab.gateway.domain.SecurityEvent;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Rejection;

/**
 * Durable storage of node events and what they mean. Blocking: call it from a worker thread,
 * never from an event loop. Implementations are thread-safe.
 */
public interface EventStore {

    /** A verified event and the exact signed body it came in. */
    record AcceptedEvent(NodeEvent event, String body, Instant receivedAt) {
    }

    /** What storing one event did. */
    sealed interface Outcome {
        /** New: stored, and the session it touched (if any) as it now stands. */
        record Stored(Optional<SessionRecord> session) implements Outcome {
        }

        /** The same (node, seq, id) was already stored: a redelivery, nothing changed. */
        record Duplicate() implements Outcome {
        }

        /**
         * The (node, seq) was already stored with another id: refused and counted as a security event, stored in full
         * only when {@code keptInFull} (see {@link RefusalBound}).
         */
        record Replayed(SecurityEvent securityEvent, boolean keptInFull) implements Outcome {
        }
    }

    /**
     * Whether a refusal the store finds itself (a replayed {@code seq}) is stored in full; it is counted either way,
     * in the same transaction.
     */
    @FunctionalInterface
    interface RefusalBound {
        /** Every such refusal stored in full. */
        RefusalBound NONE = (node, reason) -> true;

        boolean keepInFull(String node, Rejection reason);
    }

    /**
     * Stores events, refused messages kept in full and the refusal counts in one transaction; returns one outcome
     * per event, in order. Each count is added to its node/reason/minute total. A replayed {@code seq} found here is
     * counted, and stored in full when {@code bound} says so. When this returns, everything is durable.
     */
    List<Outcome> store(List<AcceptedEvent> events, List<SecurityEvent> rejected, List<RejectionLimiter.Count> counts,
                        RefusalBound bound);

    /** {@link #store(List, List, List, RefusalBound)} keeping every replayed {@code seq} in full. */
    default List<Outcome> store(List<AcceptedEvent> events, List<SecurityEvent> rejected,
                                List<RejectionLimiter.Count> counts) {
        return store(events, rejected, counts, RefusalBound.NONE);
    }

    /** {@link #store(List, List, List)} without counts. */
    default List<Outcome> store(List<AcceptedEvent> events, List<SecurityEvent> rejected) {
        return store(events, rejected, List.of());
    }

    /**
     * Newest first.
     *
     * @param machine only this machine's sessions when present
     * @param member  only this member's sessions when present
     */
    List<SessionRecord> sessions(Optional<String> machine, Optional<String> member, int limit);

    List<SessionRecord> openSessions();

    /** Session {@code sessionId} of node {@code nodeId} as it now stands; empty when none is stored. */
    Optional<SessionRecord> session(String nodeId, String sessionId);

    /** The state of the newest {@code machine.state} event stored for node {@code nodeId} (the highest {@code seq}). */
    Optional<MachineState> machineState(String nodeId);

    /** True when {@code memberId} used a session with this id, on any node, however long ago. */
    boolean isSessionOf(String sessionId, String memberId);

    /**
     * Which refused messages: each present criterion must hold; {@code from} inclusive, {@code until} exclusive.
     *
     * @param node the node named in the topic
     */
    record SecurityFilter(Optional<String> node, Optional<Rejection> reason, Optional<Instant> from,
                          Optional<Instant> until) {
        public static final SecurityFilter ALL = new SecurityFilter(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Refused messages kept in full, {@code offset} to {@code offset + limit} of the matching ones, newest first. */
    Page<SecurityEvent> securityEvents(SecurityFilter filter, int offset, int limit);

    /** The newest {@code limit} refused messages kept in full. */
    default List<SecurityEvent> securityEvents(int limit) {
        return securityEvents(SecurityFilter.ALL, 0, limit).entries();
    }

    /** Refusals of one node and reason: how many since a given instant, and the start of the last minute with one. */
    record RefusalTotal(String node, Rejection reason, long refused, Instant lastMinute) {
    }

    /** Refusals counted in the minutes starting at or after {@code since}, per node and reason, most first. */
    List<RefusalTotal> refusalTotals(Instant since);

    /** Deletes refused messages and refusal counts older than {@code before}; returns how many rows went. */
    int pruneSecurityLog(Instant before);

    /** True when the database answers a trivial query. */
    boolean isHealthy();
}

package org.fablab.gateway.ingest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.fablab.protocol.Decision;

/** Counters of the live authorization ({@link AuthResponder}), read by /metrics. Thread-safe. */
public final class AuthStats {
    private final Map<Decision, LongAdder> answered = new EnumMap<>(Decision.class);
    private final LongAdder refused = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public AuthStats() {
        for (Decision decision : Decision.values()) {
            answered.put(decision, new LongAdder());
        }
    }

    void answered(Decision decision) {
        answered.get(decision).increment();
    }

    void refused() {
        refused.increment();
    }

    void dropped() {
        dropped.increment();
    }

    /** Requests answered with a signed {@code auth/response} of this decision since start. */
    public long answeredCount(Decision decision) {
        return answered.get(decision).sum();
    }

    /** Requests refused unanswered (failed verification or a replayed {@code seq}), handed to ingestion. */
    public long refusedCount() {
        return refused.sum();
    }

    /** Requests acknowledged unanswered because the responder's queue was full. */
    public long droppedCount() {
        return dropped.sum();
    }
}

package org.fablab.gateway.ingest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.fablab.protocol.Rejection;

/** Counters of the ingestion pipeline, read by /health and /metrics. Thread-safe. */
public final class IngestStats {
    private final LongAdder stored = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder statuses = new LongAdder();
    private final LongAdder storeFailures = new LongAdder();
    private final Map<Rejection, LongAdder> rejected = new EnumMap<>(Rejection.class);

    public IngestStats() {
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    void stored() {
        stored.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void status() {
        statuses.increment();
    }

    void storeFailure() {
        storeFailures.increment();
    }

    void rejected(Rejection reason) {
        rejected.get(reason).increment();
    }

    public long storedCount() {
        return stored.sum();
    }

    public long duplicateCount() {
        return duplicates.sum();
    }

    public long statusCount() {
        return statuses.sum();
    }

    public long storeFailureCount() {
        return storeFailures.sum();
    }

    public long rejectedCount(Rejection reason) {
        return rejected.get(reason).sum();
    }
}

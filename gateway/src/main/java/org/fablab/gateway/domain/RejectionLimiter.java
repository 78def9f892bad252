package org.fablab.gateway.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fablab.protocol.Rejection;

/**
 * Bounds what refused messages cost: every refusal is counted per node, reason and minute, but only the first
 * {@code fullPerMinute} of each are kept and logged in full. The counts are handed to the store in increments
 * ({@link #takeCounts}), and what was not logged is reported once its minute is over ({@link #takeSuppressed}), so
 * a flood of any size costs a bounded number of rows and log lines per minute. A sender that invents node names
 * cannot grow the state without bound: past {@code maxKeysPerMinute} distinct node/reason pairs in a minute, the
 * others are counted under the node {@link #OTHER_NODES}. Pure apart from the injected clock; thread-safe.
 */
public final class RejectionLimiter {
    /** The node name of refusals counted together once a minute has too many distinct node/reason pairs. */
    public static final String OTHER_NODES = "*";
    /** The node name of refusals whose topic named no node. */
    public static final String NO_NODE = "";

    /** Refusals of one node and reason in the minute starting at {@code minute}. */
    public record Count(String node, Rejection reason, Instant minute, long refused) {
        public Count {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(minute, "minute");
        }
    }

    private record Key(String node, Rejection reason, Instant minute) {
    }

    private static final class Window {
        long seen;
        long unsaved;
        long suppressed;
    }

    private final Clock clock;
    private final int fullPerMinute;
    private final int maxKeysPerMinute;
    private final Map<Key, Window> windows = new LinkedHashMap<>();

    /**
     * @param fullPerMinute    refusals kept and logged in full per node, reason and minute
     * @param maxKeysPerMinute distinct node/reason pairs tracked per minute before they share {@link #OTHER_NODES}
     */
    public RejectionLimiter(Clock clock, int fullPerMinute, int maxKeysPerMinute) {
        if (fullPerMinute < 0 || maxKeysPerMinute < 1) {
            throw new IllegalArgumentException("need fullPerMinute >= 0 and maxKeysPerMinute >= 1");
        }
        this.clock = clock;
        this.fullPerMinute = fullPerMinute;
        this.maxKeysPerMinute = maxKeysPerMinute;
    }

    /**
     * Counts one refusal.
     *
     * @param node the node its topic named, or null
     * @return true when it is among the first {@code fullPerMinute} of its node, reason and minute: store and log it
     */
    public boolean admit(String node, Rejection reason) {
        return count(node, reason, true);
    }

    /**
     * Counts one refusal that the store counts itself (a replayed {@code seq}, found while storing), so it is left out
     * of {@link #takeCounts}; it still takes its place among the first {@code fullPerMinute} and in
     * {@link #takeSuppressed}.
     *
     * @return true when it is among the first {@code fullPerMinute} of its node, reason and minute: store and log it
     */
    public boolean admitCountedByStore(String node, Rejection reason) {
        return count(node, reason, false);
    }

    private synchronized boolean count(String node, Rejection reason, boolean unsaved) {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Key key = new Key(node == null ? NO_NODE : node, reason, minute);
        if (!windows.containsKey(key) && keysIn(minute) >= maxKeysPerMinute) {
            key = new Key(OTHER_NODES, reason, minute);
        }
        Window window = windows.computeIfAbsent(key, k -> new Window());
        window.seen++;
        if (unsaved) {
            window.unsaved++;
        }
        if (window.seen <= fullPerMinute) {
            return true;
        }
        window.suppressed++;
        return false;
    }

    /** The refusals counted since the last call, per node, reason and minute; each is handed out once. */
    public synchronized List<Count> takeCounts() {
        List<Count> counts = new ArrayList<>();
        windows.forEach((key, window) -> {
            if (window.unsaved > 0) {
                counts.add(new Count(key.node(), key.reason(), key.minute(), window.unsaved));
                window.unsaved = 0;
            }
        });
        return counts;
    }

    /**
     * For minutes that are over: how many refusals were neither kept nor logged in full, per node and reason (only
     * where some were). Forgets those minutes, once their counts were taken.
     */
    public synchronized List<Count> takeSuppressed() {
        Instant current = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        List<Count> suppressed = new ArrayList<>();
        for (Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Window> entry = it.next();
            Key key = entry.getKey();
            Window window = entry.getValue();
            if (!key.minute().isBefore(current)) {
                continue;
            }
            if (window.suppressed > 0) {
                suppressed.add(new Count(key.node(), key.reason(), key.minute(), window.suppressed));
                window.suppressed = 0;
            }
            if (window.unsaved == 0) {
                it.remove();
            }
        }
        return suppressed;
    }

    private int keysIn(Instant minute) {
        int n = 0;
        for (Key key : windows.keySet()) {
            if (key.minute().equals(minute)) {
                n++;
            }
        }
        return n;
    }
}

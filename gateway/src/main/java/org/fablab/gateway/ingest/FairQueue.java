package org.fablab.gateway.ingest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A bounded queue with one first-in-first-out lane per key, drained round robin over the lanes: items of one key
 * keep their order, but a key that sends thousands of items (a node flooding the gateway with messages it will
 * refuse) delays another key's next item by at most one item per busy lane, not by its whole backlog.
 * Thread-safe; {@link #put} blocks while the queue holds {@code capacity} items.
 *
 * @param <K> the lane key, e.g. the node a topic names
 * @param <T> the items
 */
final class FairQueue<K, T> {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    /** Lanes in round-robin order: the next item is taken from the first lane, which then moves to the end. */
    private final Map<K, Deque<T>> lanes = new LinkedHashMap<>();
    private int size;
    /** Whether the next batch goes to the demoted lanes first: after each batch of the others. */
    private boolean demotedTurn;

    FairQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds {@code item} at the end of its key's lane, waiting while the queue is full. */
    void put(K key, T item) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (size == capacity) {
                notFull.await();
            }
            lanes.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(item);
            size++;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeout} for an item, then moves up to {@code max} items into {@code batch}, one per lane in
     * turn.
     *
     * @return how many were moved; 0 when the wait timed out
     */
    int drainTo(List<T> batch, int max, long timeout, TimeUnit unit) throws InterruptedException {
        return drainTo(batch, max, max, key -> false, timeout, unit);
    }

    /**
     * As {@link #drainTo(List, int, long, TimeUnit)}, but the lanes of {@code demoted} keys are kept apart: a batch
     * holds either their items (at most {@code maxDemoted}) or the other lanes' items, never both, and the two kinds
     * take turns while both wait. So a flooding demoted lane delays another lane's item by at most one small batch,
     * and is never starved by the others.
     *
     * @param demoted asked under this queue's lock: must be quick and must not touch the queue
     */
    int drainTo(List<T> batch, int max, int maxDemoted, Predicate<K> demoted, long timeout, TimeUnit unit)
            throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (nanos <= 0) {
                    return 0;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            Predicate<K> others = key -> !demoted.test(key);
            int limit = Math.min(max, maxDemoted);
            int moved = demotedTurn ? takeRoundRobin(batch, limit, demoted) : 0;
            boolean tookDemoted = moved > 0;
            if (moved == 0) {
                moved = takeRoundRobin(batch, max, others);
            }
            if (moved == 0) {
                moved = takeRoundRobin(batch, limit, demoted);
                tookDemoted = true;
            }
            demotedTurn = !tookDemoted;
            notFull.signalAll();
            return moved;
        } finally {
            lock.unlock();
        }
    }

    /** Moves up to {@code max} items of the lanes {@code which} selects, one per lane in turn; under the lock. */
    private int takeRoundRobin(List<T> batch, int max, Predicate<K> which) {
        int moved = 0;
        while (moved < max) {
            Lane<K, T> lane = firstLane(which);
            if (lane == null) {
                break;
            }
            batch.add(lane.items().removeFirst());
            size--;
            moved++;
            if (!lane.items().isEmpty()) {
                lanes.put(lane.key(), lane.items());
            }
        }
        return moved;
    }

    /** A lane taken out of the round robin; the key is null for messages whose topic names no node. */
    private record Lane<K, T>(K key, Deque<T> items) {
    }

    /** Removes and returns the first lane {@code which} selects, or null; a lane that keeps items is put back last. */
    private Lane<K, T> firstLane(Predicate<K> which) {
        Iterator<Map.Entry<K, Deque<T>>> lane = lanes.entrySet().iterator();
        while (lane.hasNext()) {
            Map.Entry<K, Deque<T>> candidate = lane.next();
            if (which.test(candidate.getKey())) {
                lane.remove();
                return new Lane<>(candidate.getKey(), candidate.getValue());
            }
        }
        return null;
    }

    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        return size() == 0;
    }
}

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
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (nanos <= 0) {
                    return 0;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            int moved = 0;
            while (moved < max && size > 0) {
                Iterator<Map.Entry<K, Deque<T>>> first = lanes.entrySet().iterator();
                Map.Entry<K, Deque<T>> lane = first.next();
                first.remove();
                batch.add(lane.getValue().removeFirst());
                size--;
                moved++;
                if (!lane.getValue().isEmpty()) {
                    lanes.put(lane.getKey(), lane.getValue());
                }
            }
            notFull.signalAll();
            return moved;
        } finally {
            lock.unlock();
        }
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

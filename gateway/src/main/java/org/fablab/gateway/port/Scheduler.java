package org.fablab.gateway.port;

import java.time.Instant;

/**
 * Runs tasks one at a time, in order, on one thread: now, or once the scheduler's clock reaches an
 * instant. Production runs it on a single worker thread against the gateway's clock; a test drives it
 * with a manual clock, so hours of timers run in milliseconds.
 */
public interface Scheduler extends AutoCloseable {

    /** Queues {@code task} to run as soon as the tasks before it have run. Never blocks. */
    void execute(Runnable task);

    /** Runs {@code task} once the clock reads {@code at} or later (at once when {@code at} is past). Never blocks. */
    Scheduled schedule(Instant at, Runnable task);

    /** Stops running tasks; queued and scheduled ones are dropped. */
    @Override
    void close();

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Scheduled {
        /** Calls the task off if it has not started; harmless otherwise. */
        void cancel();
    }
}

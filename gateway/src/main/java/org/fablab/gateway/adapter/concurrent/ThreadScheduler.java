package org.fablab.gateway.adapter.concurrent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.fablab.gateway.port.Scheduler;

/**
 * A {@link Scheduler} on one daemon thread. An instant is turned into a delay against {@code clock} when the
 * task is scheduled, rounded up to the next millisecond so the task never runs before its instant.
 */
public final class ThreadScheduler implements Scheduler {
    private final Clock clock;
    private final ScheduledExecutorService worker;

    /** @param threadName the worker thread's name, as thread dumps show it */
    public ThreadScheduler(String threadName, Clock clock) {
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** After {@link #close()} the task is dropped, as the port says, instead of thrown back at the caller. */
    @Override
    public void execute(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException closed) {
            // dropped: the scheduler is closed
        }
    }

    @Override
    public Scheduled schedule(Instant at, Runnable task) {
        Duration delay = Duration.between(clock.instant(), at);
        long millis = delay.isNegative() ? 0 : delay.toMillis() + (delay.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        try {
            ScheduledFuture<?> future = worker.schedule(task, millis, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException closed) {
            return () -> { };
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

package org.fablab.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fablab.gateway.port.Scheduler;

/**
 * A job of the network worker that runs every {@code period} and whenever asked, the asks that come while one is
 * pending folded into it: how receipts and settlement statements catch up with the database after a change, a
 * missed message or a restart. Thread-safe.
 */
final class RecurringJob {
    private final Scheduler worker;
    private final Clock clock;
    private final Duration period;
    private final Runnable run;
    private final AtomicBoolean pending = new AtomicBoolean();

    RecurringJob(Scheduler worker, Clock clock, Duration period, Runnable run) {
        this.worker = worker;
        this.clock = clock;
        this.period = period;
        this.run = run;
    }

    /** Runs the job now, then every period, on the worker. */
    void start() {
        worker.execute(this::tick);
    }

    private void tick() {
        runNow();
        worker.schedule(clock.instant().plus(period), this::tick);
    }

    /** Asks for a run on the worker; never blocks. */
    void soon() {
        if (pending.compareAndSet(false, true)) {
            worker.execute(this::runNow);
        }
    }

    /** Runs the job on the caller's thread; an ask pending until now is served by this run. */
    void runNow() {
        pending.set(false);
        run.run();
    }
}

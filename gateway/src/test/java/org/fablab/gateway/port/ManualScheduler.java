package org.fablab.gateway.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} driven by a {@link ManualClock} on the test's thread. {@link #execute} runs the task at
 * once (after those already queued), so a caller waiting for it does not hang; {@link #advance} moves the clock
 * to each due task in turn and runs it, so 24 simulated hours of timers take milliseconds. Tasks run one at a
 * time, in instant order, then in the order they were queued, as on the production worker thread.
 */
public final class ManualScheduler implements Scheduler {
    private final ManualClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparing(Task::at).thenComparingLong(Task::order));
    private long order;
    private boolean running;
    private boolean closed;

    private record Task(Instant at, long order, Runnable body, boolean[] cancelled) {
    }

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    public ManualClock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        add(clock.instant(), task);
        runDue();
    }

    @Override
    public Scheduled schedule(Instant at, Runnable task) {
        Task added = add(at, task);
        return () -> added.cancelled()[0] = true;
    }

    /** Moves the clock forward by {@code by}, running every task that falls due on the way at its instant. */
    public void advance(Duration by) {
        Instant target = clock.instant().plus(by);
        while (!closed) {
            Task next = queue.peek();
            if (next == null || next.at().isAfter(target)) {
                break;
            }
            if (next.at().isAfter(clock.instant())) {
                clock.set(next.at());
            }
            runDue();
        }
        clock.set(target);
    }

    private Task add(Instant at, Runnable body) {
        Task task = new Task(at, order++, body, new boolean[1]);
        if (!closed) {
            queue.add(task);
        }
        return task;
    }

    private void runDue() {
        if (running) {
            return;
        }
        running = true;
        try {
            while (!closed && !queue.isEmpty() && !queue.peek().at().isAfter(clock.instant())) {
                Task task = queue.poll();
                if (!task.cancelled()[0]) {
                    task.body().run();
                }
            }
        } finally {
            running = false;
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
    }
}

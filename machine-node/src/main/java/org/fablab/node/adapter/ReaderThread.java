package org.fablab.node.adapter;

import java.time.Duration;

/** The one daemon thread a badge reader reads on: started once, joined on close. */
public final class ReaderThread {
    private final String name;
    private Thread thread;

    /** @param name the thread's name, e.g. {@code rdm6300} */
    public ReaderThread(String name) {
        this.name = name;
    }

    /** @throws IllegalStateException when already started */
    public synchronized void start(Runnable body) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits up to {@code timeout} for the thread to end; returns at once when it never started. */
    public void join(Duration timeout) {
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            try {
                running.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package org.fablab.gateway.app;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Billing's "a balance crossed the prepaid minimum" signal, handed to billing before the access service it reaches
 * exists (the access service needs billing's balance check first). A signal given before {@link #wire} is kept and
 * forwarded once wired, never lost and never sent to a missing service; after, each one is forwarded at once.
 * Signals given close together may be forwarded as one, as the access service coalesces them anyway. Thread-safe and
 * never blocking: billing signals from its own thread while the gateway starts.
 */
final class AccessChangeRelay implements Runnable {
    private final AtomicReference<Runnable> target = new AtomicReference<>();
    private final AtomicBoolean pending = new AtomicBoolean();

    @Override
    public void run() {
        pending.set(true);
        forwardIfWired();
    }

    /** Sends every later signal to {@code accessChanged}, and the one kept from before, if any. Once only. */
    void wire(Runnable accessChanged) {
        if (!target.compareAndSet(null, Objects.requireNonNull(accessChanged, "accessChanged"))) {
            throw new IllegalStateException("already wired");
        }
        forwardIfWired();
    }

    /** Whoever clears the flag forwards it: a signal set before the target is read is never left behind. */
    private void forwardIfWired() {
        Runnable wired = target.get();
        if (wired != null && pending.getAndSet(false)) {
            wired.run();
        }
    }
}

package org.fablab.gateway.port;

import java.util.function.Consumer;

/**
 * Changes to state a gateway instance keeps in memory (balances, the prepaid minimum, node modes, the access facts of
 * live decisions, the trainers' recent badges, the live board, the registry), told to the other instances on the same
 * database so they reload it from there. A change names what changed, never its new value: the database stays the
 * one source, and a lost or late change costs a reload, not a wrong value. An instance never receives its own
 * changes.
 */
public interface ChangeFeed extends AutoCloseable {

    /** What another instance changed; only ids, so a receiver reads the new state from the database. */
    sealed interface Change {
    }

    /** A ledger entry for {@code memberId} was written: their balance moved. */
    record BalanceChanged(String memberId) implements Change {
    }

    /** The billing settings (the prepaid minimum) were saved. */
    record BillingSettingsChanged() implements Change {
    }

    /** The mode of node {@code nodeId} was set, used up or ended, or its peer training moved. */
    record ModeChanged(String nodeId) implements Change {
    }

    /** A trainer's badge on node {@code nodeId} was kept for the trainer-present rule of live decisions. */
    record TrainerBadged(String nodeId) implements Change {
    }

    /** Ingestion stored an event that started or ended session {@code sessionId} of node {@code nodeId}. */
    record SessionChanged(String nodeId, String sessionId) implements Change {
    }

    /** Ingestion stored a {@code machine.state} event of node {@code nodeId}. */
    record MachineStateChanged(String nodeId) implements Change {
    }

    /** Machines or nodes were created, changed or retired, or a node's key changed. */
    record RegistryChanged() implements Change {
    }

    /**
     * Something live access decisions read was changed: a training, a certification, a trainer right, a badge, a
     * member or a machine's availability. Names nothing: a receiver drops every cached fact and reads them again.
     */
    record AccessChanged() implements Change {
    }

    /**
     * Changes may have been missed (the feed was cut off from the other instances for a while): reload everything
     * this kind of change would have reloaded.
     */
    record Resync() implements Change {
    }

    /** The feed of a gateway that is the only one on its database (SQLite): nobody to tell, nothing to hear. */
    ChangeFeed SOLE = new ChangeFeed() {
        @Override
        public void publish(Change change) {
            // no other instance
        }

        @Override
        public void subscribe(Consumer<Change> listener) {
            // no other instance changes anything
        }

        @Override
        public void close() {
            // nothing was opened
        }
    };

    /**
     * Tells the other instances about a change already committed. Never throws: a change that cannot be sent is
     * logged (the others catch up at their next resync or restart). Blocking (a database round trip): call it from a
     * worker thread.
     */
    void publish(Change change);

    /**
     * Has {@code listener} called with every change another instance publishes from now on, and a {@link Resync}
     * when some may have been missed. Called on the feed's own thread, one change at a time: a listener hands
     * blocking work to a thread of its own.
     */
    void subscribe(Consumer<Change> listener);

    /** Stops listening; publishing afterwards does nothing. */
    @Override
    void close();
}

package org.fablab.gateway.app;

import java.util.Optional;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.ingest.IngestListener;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.EventStore;
import org.fablab.gateway.port.Scheduler;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the live boards of the gateway instances on one database alike. Shared ingestion stores each event on one
 * instance only: this one tells the others, by id, each session and machine state its ingestion stored, and folds
 * theirs into its {@link BoardPublisher} once read from the database, as if it had stored them, so its SSE clients get
 * the same card and session messages. After missed changes ({@link ChangeFeed.Resync}) it shows the sessions the
 * database holds open; {@link RegistryEffects} reloads the machines and nodes. Node statuses need nothing of this:
 * every instance receives them.
 *
 * <p>Publishing (a database round trip) and reading run on {@code worker}, in the order they came: never on the
 * ingestion thread, the feed's thread or an event loop.
 */
final class BoardSharing implements IngestListener {
    private static final Logger LOG = LoggerFactory.getLogger(BoardSharing.class);

    private final BoardPublisher board;
    private final EventStore store;
    private final ChangeFeed feed;
    private final Scheduler worker;

    BoardSharing(BoardPublisher board, EventStore store, ChangeFeed feed, Scheduler worker) {
        this.board = board;
        this.store = store;
        this.feed = feed;
        this.worker = worker;
    }

    /** Called on the ingestion thread once the event is stored; never blocks. */
    @Override
    public void onStored(NodeEvent event, Optional<SessionRecord> session) {
        session.ifPresent(s -> worker.execute(() -> feed.publish(new ChangeFeed.SessionChanged(s.node(), s.id()))));
        if (event.data() instanceof EventData.MachineStateChanged) {
            worker.execute(() -> feed.publish(new ChangeFeed.MachineStateChanged(event.node())));
        }
    }

    /** Applies what another instance stored, or what it may have stored unseen; never blocks (the feed's thread). */
    void changedElsewhere(ChangeFeed.Change change) {
        if (change instanceof ChangeFeed.SessionChanged session) {
            worker.execute(() -> read(change, () -> store.session(session.nodeId(), session.sessionId())
                    .ifPresent(board::sessionStored)));
        } else if (change instanceof ChangeFeed.MachineStateChanged state) {
            worker.execute(() -> read(change, () -> store.machineState(state.nodeId())
                    .ifPresent(s -> board.machineStateStored(state.nodeId(), s))));
        } else if (change instanceof ChangeFeed.Resync) {
            worker.execute(() -> read(change, () -> board.showOpenSessions(store.openSessions())));
        }
    }

    private static void read(ChangeFeed.Change change, Runnable fold) {
        try {
            fold.run();
        } catch (RuntimeException e) {
            LOG.warn("board change of another gateway instance not read, shown at the next change or resync [{}]: {}",
                    change, e.getMessage());
        }
    }
}

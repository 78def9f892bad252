package org.fablab.gateway.app;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.fablab.gateway.adapter.http.LiveUpdates;
import org.fablab.gateway.domain.LiveBoard;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MachineView;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.SecurityEvent;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.ingest.IngestListener;
import org.fablab.protocol.EventData;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeStatus;

/**
 * Folds what ingestion stored into the {@link LiveBoard} and hands each changed card and session to
 * {@link LiveUpdates} for the SSE stream, and what other gateway instances stored ({@link BoardSharing}). The board
 * is swapped atomically; the ingestion thread, the thread that applies other instances' changes and registry changes
 * write it, one at a time under this publisher's monitor, and HTTP handlers read snapshots.
 */
final class BoardPublisher implements IngestListener {
    private final AtomicReference<LiveBoard> board;
    private final LiveUpdates live;

    BoardPublisher(LiveBoard initial, LiveUpdates live) {
        this.board = new AtomicReference<>(initial);
        this.live = live;
    }

    List<MachineView> machines() {
        return board.get().machines();
    }

    @Override
    public void onStatus(NodeStatus status) {
        apply(b -> b.onStatus(status.node(), status));
    }

    @Override
    public void onStored(NodeEvent event, Optional<SessionRecord> session) {
        session.ifPresent(this::sessionStored);
        if (event.data() instanceof EventData.MachineStateChanged changed) {
            machineStateStored(event.node(), changed.state());
        }
    }

    /** A session as it stands once an event that started or ended it was stored, here or by another instance. */
    void sessionStored(SessionRecord session) {
        live.sessionChanged(session);
        apply(b -> b.onSession(session));
    }

    /** The machine state {@code node} reported in an event stored here or by another instance. */
    void machineStateStored(String node, MachineState state) {
        apply(b -> b.onMachineState(node, state));
    }

    @Override
    public void onRejected(SecurityEvent event) {
        // shown through /api/v1/security-events; the board does not change
    }

    /** Shows the directory's machines and nodes; each card that is new or changed goes to the stream. */
    synchronized void reconfigure(List<MachineRecord> machines, List<NodeRecord> nodes) {
        show(board.get().reconfigured(machines, nodes));
    }

    /**
     * Shows the sessions the database holds open, which may have started or ended unseen (changes of other instances
     * missed); each card that changed goes to the stream.
     */
    synchronized void showOpenSessions(List<SessionRecord> open) {
        show(board.get().withOpenSessions(open));
    }

    private void show(LiveBoard after) {
        LiveBoard before = board.get();
        board.set(after);
        after.machines().stream().filter(view -> !before.machine(view.id()).equals(Optional.of(view)))
                .forEach(live::machineChanged);
    }

    private synchronized void apply(Function<LiveBoard, LiveBoard.Update> change) {
        LiveBoard.Update update = change.apply(board.get());
        board.set(update.board());
        update.changed().ifPresent(live::machineChanged);
    }
}

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
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeStatus;

/**
 * Folds what ingestion stored into the {@link LiveBoard} and hands each changed card and session to
 * {@link LiveUpdates} for the SSE stream. The board is swapped atomically; the ingestion thread and registry
 * changes write it, one at a time under this publisher's monitor, and HTTP handlers read snapshots.
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
        session.ifPresent(s -> {
            live.sessionChanged(s);
            apply(b -> b.onSession(s));
        });
        if (event.data() instanceof EventData.MachineStateChanged changed) {
            apply(b -> b.onMachineState(event.node(), changed.state()));
        }
    }

    @Override
    public void onRejected(SecurityEvent event) {
        // shown through /api/v1/security-events; the board does not change
    }

    /** Shows the directory's machines and nodes; each card that is new or changed goes to the stream. */
    synchronized void reconfigure(List<MachineRecord> machines, List<NodeRecord> nodes) {
        LiveBoard before = board.get();
        LiveBoard after = before.reconfigured(machines, nodes);
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

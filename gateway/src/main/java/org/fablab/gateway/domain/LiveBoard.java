package org.fablab.gateway.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeState;
import org.fablab.protocol.NodeStatus;

/**
 * The live state of every machine, folded from node statuses and session changes. Immutable: each
 * update returns a new board and the card that changed, if any. A status older than the last one
 * applied for its node is ignored, so a late Last Will cannot mark a reconnected node offline.
 */
public final class LiveBoard {
    private final Map<String, MachineView> byMachine;
    private final Map<String, String> machineByNode;
    private final Map<String, Instant> lastStatusAt;

    private LiveBoard(Map<String, MachineView> byMachine, Map<String, String> machineByNode,
                      Map<String, Instant> lastStatusAt) {
        this.byMachine = Map.copyOf(byMachine);
        this.machineByNode = Map.copyOf(machineByNode);
        this.lastStatusAt = Map.copyOf(lastStatusAt);
    }

    /** The result of applying one change: the new board, and the card to broadcast when it changed. */
    public record Update(LiveBoard board, Optional<MachineView> changed) {
    }

    public static LiveBoard of(List<MachineRecord> machines, List<NodeRecord> nodes, List<SessionRecord> openSessions) {
        Map<String, String> machineByNode = new HashMap<>();
        Map<String, String> nodeByMachine = new HashMap<>();
        for (NodeRecord node : nodes) {
            machineByNode.put(node.id(), node.machineId());
            nodeByMachine.put(node.machineId(), node.id());
        }
        Map<String, MachineView> views = new HashMap<>();
        for (MachineRecord machine : machines) {
            views.put(machine.id(), MachineView.unseen(machine, nodeByMachine.get(machine.id())));
        }
        LiveBoard board = new LiveBoard(views, machineByNode, Map.of());
        for (SessionRecord session : openSessions) {
            board = board.onSession(session).board();
        }
        return board;
    }

    public List<MachineView> machines() {
        return byMachine.values().stream().sorted(Comparator.comparing(MachineView::name)).toList();
    }

    public Optional<MachineView> machine(String id) {
        return Optional.ofNullable(byMachine.get(id));
    }

    public Update onStatus(String node, NodeStatus status) {
        MachineView view = viewOfNode(node);
        Instant last = lastStatusAt.get(node);
        if (view == null || (last != null && status.ts().isBefore(last))) {
            return unchanged();
        }
        Map<String, Instant> statusTimes = new HashMap<>(lastStatusAt);
        statusTimes.put(node, status.ts());
        boolean online = status.state() == NodeState.ONLINE;
        MachineState state = online && status.machineState() != null ? status.machineState() : view.state();
        Instant acl = online ? status.aclIssuedAt() : view.aclIssuedAt();
        MachineView updated = new MachineView(view.id(), view.name(), view.kind(), node, state, online, acl,
                view.session());
        return replace(updated, statusTimes);
    }

    public Update onMachineState(String node, MachineState state) {
        MachineView view = viewOfNode(node);
        if (view == null || view.state() == state) {
            return unchanged();
        }
        return replace(new MachineView(view.id(), view.name(), view.kind(), view.node(), state, view.nodeOnline(),
                view.aclIssuedAt(), view.session()), lastStatusAt);
    }

    public Update onSession(SessionRecord session) {
        MachineView view = byMachine.get(session.machine());
        if (view == null) {
            return unchanged();
        }
        MachineView updated;
        if (session.endedAt() == null) {
            updated = new MachineView(view.id(), view.name(), view.kind(), view.node(), MachineState.ACTIVE,
                    view.nodeOnline(), view.aclIssuedAt(),
                    new MachineView.ActiveSession(session.id(), session.memberName(), session.startedAt()));
        } else if (view.session() != null && view.session().id().equals(session.id())) {
            MachineState state = view.state() == MachineState.ACTIVE || view.state() == MachineState.ENDING
                    ? MachineState.IDLE : view.state();
            updated = new MachineView(view.id(), view.name(), view.kind(), view.node(), state, view.nodeOnline(),
                    view.aclIssuedAt(), null);
        } else {
            return unchanged();
        }
        return updated.equals(view) ? unchanged() : replace(updated, lastStatusAt);
    }

    private MachineView viewOfNode(String node) {
        String machine = machineByNode.get(node);
        return machine == null ? null : byMachine.get(machine);
    }

    private Update replace(MachineView updated, Map<String, Instant> statusTimes) {
        Map<String, MachineView> views = new HashMap<>(byMachine);
        views.put(updated.id(), updated);
        return new Update(new LiveBoard(views, machineByNode, statusTimes), Optional.of(updated));
    }

    private Update unchanged() {
        return new Update(this, Optional.empty());
    }
}

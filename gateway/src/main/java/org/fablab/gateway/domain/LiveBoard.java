package org.fablab.gateway.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeState;
import org.fablab.protocol.NodeStatus;

/**
 * The live state of every machine, folded from node statuses and session changes. Immutable: each
 * update returns a new board and the card that changed, if any.
 *
 * <p>Statuses are applied in delivery order, with two guards against replays (docs/protocol.md §2.4). A Last
 * Will carries its connection's connect time, so it is older than the {@code online} statuses of that same
 * connection and must still apply: an {@code offline} status applies unless it is older than an
 * {@code offline} already applied. An {@code online} status older than the last applied {@code offline}
 * belongs to a connection that has ended and never applies; and once the node is offline, only an
 * {@code online} newer than every {@code online} seen brings it back, so an old status replayed after a
 * Will cannot flip the node online again. An {@code online} status names its connection's connect time
 * ({@code connectedAt}, the {@code ts} of that connection's Will): an {@code offline} status older than the
 * {@code connectedAt} of the newest {@code online} applied is an earlier connection's Will delivered late and never
 * applies.
 */
public final class LiveBoard {
    private final Map<String, MachineView> byMachine;
    private final Map<String, String> machineByNode;
    private final Map<String, StatusMarks> marks;

    /**
     * The {@code ts} of the newest {@code online} and of the last {@code offline} applied for a node, and the
     * connect time of the connection of the newest {@code online} (null when no status named it).
     */
    private record StatusMarks(Instant online, Instant offline, Instant connectedAt) {
        static final StatusMarks NONE = new StatusMarks(null, null, null);

        boolean admits(NodeStatus status, boolean nodeOnline) {
            Instant ts = status.ts();
            if (offline != null && ts.isBefore(offline)) {
                return false;
            }
            if (status.state() != NodeState.ONLINE) {
                return connectedAt == null || !ts.isBefore(connectedAt);
            }
            if (online == null) {
                return true;
            }
            return nodeOnline ? !ts.isBefore(online) : ts.isAfter(online);
        }

        StatusMarks after(NodeStatus status) {
            if (status.state() != NodeState.ONLINE) {
                return new StatusMarks(online, status.ts(), connectedAt);
            }
            return online == null || status.ts().isAfter(online)
                    ? new StatusMarks(status.ts(), offline, status.connectedAt())
                    : this;
        }
    }

    private LiveBoard(Map<String, MachineView> byMachine, Map<String, String> machineByNode,
                      Map<String, StatusMarks> marks) {
        this.byMachine = Map.copyOf(byMachine);
        this.machineByNode = Map.copyOf(machineByNode);
        this.marks = Map.copyOf(marks);
    }

    /** The result of applying one change: the new board, and the card to broadcast when it changed. */
    public record Update(LiveBoard board, Optional<MachineView> changed) {
    }

    public static LiveBoard of(List<MachineRecord> machines, List<NodeRecord> nodes, List<SessionRecord> openSessions) {
        Map<String, String> machineByNode = new HashMap<>();
        Map<String, NodeRecord> nodeByMachine = new HashMap<>();
        for (NodeRecord node : nodes) {
            machineByNode.put(node.id(), node.machineId());
            nodeByMachine.put(node.machineId(), node);
        }
        Map<String, MachineView> views = new HashMap<>();
        for (MachineRecord machine : machines) {
            NodeRecord node = nodeByMachine.get(machine.id());
            views.put(machine.id(), node == null ? MachineView.unseen(machine, null, null)
                    : MachineView.unseen(machine, node.id(), node.maxStaleness()));
        }
        LiveBoard board = new LiveBoard(views, machineByNode, Map.of());
        for (SessionRecord session : openSessions) {
            board = board.onSession(session).board();
        }
        return board;
    }

    /**
     * The board for another set of machines and nodes (the registry changed): a machine keeps its live state and
     * session; what its node reported is kept only when it is still the same node.
     */
    public LiveBoard reconfigured(List<MachineRecord> machines, List<NodeRecord> nodes) {
        LiveBoard fresh = of(machines, nodes, List.of());
        Map<String, MachineView> views = new HashMap<>();
        for (MachineView view : fresh.byMachine.values()) {
            MachineView old = byMachine.get(view.id());
            if (old == null) {
                views.put(view.id(), view);
                continue;
            }
            boolean sameNode = view.node() != null && view.node().equals(old.node());
            views.put(view.id(), new MachineView(view.id(), view.name(), view.kind(), view.node(), old.state(),
                    sameNode && old.nodeOnline(), sameNode ? old.aclIssuedAt() : null, old.session(),
                    view.aclMaxStaleness()));
        }
        Map<String, StatusMarks> kept = new HashMap<>(marks);
        kept.keySet().retainAll(fresh.machineByNode.keySet());
        return new LiveBoard(views, fresh.machineByNode, kept);
    }

    public List<MachineView> machines() {
        return byMachine.values().stream().sorted(Comparator.comparing(MachineView::name)).toList();
    }

    public Optional<MachineView> machine(String id) {
        return Optional.ofNullable(byMachine.get(id));
    }

    public Update onStatus(String node, NodeStatus status) {
        MachineView view = viewOfNode(node);
        StatusMarks last = marks.getOrDefault(node, StatusMarks.NONE);
        if (view == null || !last.admits(status, view.nodeOnline())) {
            return unchanged();
        }
        Map<String, StatusMarks> statusTimes = new HashMap<>(marks);
        statusTimes.put(node, last.after(status));
        boolean online = status.state() == NodeState.ONLINE;
        MachineState state = online && status.machineState() != null ? status.machineState() : view.state();
        Instant acl = online ? status.aclIssuedAt() : view.aclIssuedAt();
        MachineView updated = new MachineView(view.id(), view.name(), view.kind(), node, state, online, acl,
                view.session(), view.aclMaxStaleness());
        return replace(updated, statusTimes);
    }

    public Update onMachineState(String node, MachineState state) {
        MachineView view = viewOfNode(node);
        if (view == null || view.state() == state) {
            return unchanged();
        }
        return replace(new MachineView(view.id(), view.name(), view.kind(), view.node(), state, view.nodeOnline(),
                view.aclIssuedAt(), view.session(), view.aclMaxStaleness()), marks);
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
                    new MachineView.ActiveSession(session.id(), session.memberName(), session.startedAt()),
                    view.aclMaxStaleness());
        } else if (view.session() != null && view.session().id().equals(session.id())) {
            updated = ended(view);
        } else {
            return unchanged();
        }
        return updated.equals(view) ? unchanged() : replace(updated, marks);
    }

    /**
     * The board with the sessions the database holds open ({@code open}, all of them): a card whose session is no
     * longer among them ends it as {@link #onSession} would, a card whose session still is keeps it, and any other card
     * takes the newest open session of its machine. What statuses brought (node online, ACL, marks) stays.
     */
    public LiveBoard withOpenSessions(List<SessionRecord> open) {
        Map<String, SessionRecord> newest = new HashMap<>();
        Map<String, Set<String>> openIds = new HashMap<>();
        for (SessionRecord session : open) {
            openIds.computeIfAbsent(session.machine(), m -> new HashSet<>()).add(session.id());
            newest.merge(session.machine(), session,
                    (a, b) -> b.startedAt().isAfter(a.startedAt()) ? b : a);
        }
        LiveBoard board = this;
        for (MachineView view : byMachine.values()) {
            boolean kept = view.session() != null
                    && openIds.getOrDefault(view.id(), Set.of()).contains(view.session().id());
            if (kept) {
                continue;
            }
            if (view.session() != null) {
                board = board.replace(ended(view), marks).board();
            }
            SessionRecord started = newest.get(view.id());
            if (started != null) {
                board = board.onSession(started).board();
            }
        }
        return board;
    }

    /** The card once its session ended: a machine in use or ending goes idle, any other state stays. */
    private static MachineView ended(MachineView view) {
        MachineState state = view.state() == MachineState.ACTIVE || view.state() == MachineState.ENDING
                ? MachineState.IDLE : view.state();
        return new MachineView(view.id(), view.name(), view.kind(), view.node(), state, view.nodeOnline(),
                view.aclIssuedAt(), null, view.aclMaxStaleness());
    }

    private MachineView viewOfNode(String node) {
        String machine = machineByNode.get(node);
        return machine == null ? null : byMachine.get(machine);
    }

    private Update replace(MachineView updated, Map<String, StatusMarks> statusTimes) {
        Map<String, MachineView> views = new HashMap<>(byMachine);
        views.put(updated.id(), updated);
        return new Update(new LiveBoard(views, machineByNode, statusTimes), Optional.of(updated));
    }

    private Update unchanged() {
        return new Update(this, Optional.empty());
    }
}

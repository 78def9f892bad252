package org.fablab.node.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.fablab.node.domain.InterruptedSession;
import org.fablab.node.port.NodeStore;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;

/**
 * A node store held in memory, for wiring tests: the outbox and its seq counter, the ACL and the command ids. It keeps
 * no session journal, so a node started on it has nothing interrupted to recover and starts idle.
 */
final class InMemoryNodeStore implements NodeStore {
    private final TreeMap<Long, Entry> outbox = new TreeMap<>();
    private final Set<String> seenCommands = new HashSet<>();
    private long lastSeq;
    private StoredAcl acl;

    @Override
    public synchronized Entry append(LongFunction<Sealed> seal) {
        long seq = nextSeq();
        Sealed sealed = seal.apply(seq);
        NodeEvent event = sealed.event();
        Entry entry = new Entry(seq, event.id(), event.topic().toString(), sealed.payload());
        outbox.put(seq, entry);
        return entry;
    }

    @Override
    public synchronized long nextSeq() {
        return ++lastSeq;
    }

    @Override
    public synchronized List<Entry> pending(int limit) {
        return new ArrayList<>(outbox.values()).subList(0, Math.min(limit, outbox.size()));
    }

    @Override
    public synchronized void remove(long seq) {
        outbox.remove(seq);
    }

    @Override
    public synchronized void saveAcl(StoredAcl acl) {
        this.acl = acl;
    }

    @Override
    public synchronized Optional<StoredAcl> loadAcl() {
        return Optional.ofNullable(acl);
    }

    @Override
    public List<InterruptedSession> openSessions() {
        return List.of();
    }

    @Override
    public MachineState adminState() {
        return MachineState.IDLE;
    }

    @Override
    public synchronized boolean firstTimeCommand(String commandId) {
        return seenCommands.add(commandId);
    }

    @Override
    public void close() {
    }
}

package org.fablab.node.app;

import java.util.ArrayList;
import java.util.List;
import org.fablab.node.port.Outbox;
import org.fablab.node.port.Uplink;
import org.fablab.protocol.AuthRequest;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.NodeStatus;

/**
 * An uplink without a broker, for wiring tests: always connected, it "publishes" the outbox into a list and removes
 * each entry as if the broker had acknowledged it, keeps the auth requests, and lets the test answer them.
 */
final class InMemoryUplink implements Uplink {
    private final Outbox outbox;
    private final List<Outbox.Entry> published = new ArrayList<>();
    private final List<AuthRequest> requests = new ArrayList<>();
    private volatile Listener listener;

    InMemoryUplink(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void flush() {
        for (Outbox.Entry entry : outbox.pending(Integer.MAX_VALUE)) {
            published.add(entry);
            outbox.remove(entry.seq());
        }
    }

    @Override
    public void publishStatus(NodeStatus status) {
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public synchronized boolean requestAuth(AuthRequest request) {
        requests.add(request);
        return true;
    }

    /** Hands the node a (verified) answer, as the MQTT uplink does on its callback thread. */
    void answer(AuthResponse response) {
        listener.authAnswered(response);
    }

    synchronized List<Outbox.Entry> published() {
        return List.copyOf(published);
    }

    synchronized List<AuthRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
    }
}

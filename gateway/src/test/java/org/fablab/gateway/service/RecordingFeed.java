package org.fablab.gateway.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.fablab.gateway.port.ChangeFeed;

/** A change feed that keeps what its instance publishes and hands it the changes a test says another one made. */
final class RecordingFeed implements ChangeFeed {
    private final List<Change> published = new CopyOnWriteArrayList<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(Change change) {
        published.add(change);
    }

    @Override
    public void subscribe(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** As if another instance had published {@code change}. */
    void tell(Change change) {
        listeners.forEach(listener -> listener.accept(change));
    }

    long published(Class<? extends Change> kind) {
        return published.stream().filter(kind::isInstance).count();
    }

    @Override
    public void close() {
        // nothing was opened
    }
}

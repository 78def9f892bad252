package org.fablab.node.port;

/** Everything the node keeps on disk: its {@link Outbox} and its {@link NodeMemory}, closed together. */
public interface NodeStore extends Outbox, NodeMemory, AutoCloseable {
    @Override
    void close();
}

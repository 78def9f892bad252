package org.fablab.protocol;

/**
 * Messages a node signs carry a per-node strictly increasing {@code seq} (kept across restarts)
 * and a unique {@code id}; the gateway stores {@code (node, seq)} once.
 */
public interface NodeOriginated {
    long seq();

    String id();

    static void check(long seq, String id) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, was " + seq);
        }
        Names.requireText("id", id);
        if (id.length() > 64) {
            throw new IllegalArgumentException("id must be at most 64 characters");
        }
    }
}

package org.fablab.node.port;

import org.fablab.protocol.Names;

/**
 * One badge as a reader saw it. The raw {@code id} is secret to the node: it is hashed with the lab
 * pepper before use and never logged, so {@link #toString()} leaves it out.
 *
 * @param type          reader technology, e.g. {@code mifare-uid}
 * @param id            raw identifier as read, e.g. the UID in uppercase hex
 * @param authenticated true when the reader proved the card holds a key, not just a UID
 */
public record RawBadge(String type, String id, boolean authenticated) {
    public RawBadge {
        Names.requireText("badge type", type);
        Names.requireText("badge id", id);
    }

    @Override
    public String toString() {
        return "RawBadge[type=" + type + ", id=<redacted>, authenticated=" + authenticated + "]";
    }
}

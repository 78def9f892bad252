package org.fablab.gateway.port;

import java.util.List;

/**
 * Entries {@code offset} to {@code offset + limit} of a filtered list, and how many match in all, so a reader can page.
 *
 * @param total every matching entry, not only those on this page
 */
public record Page<T>(List<T> entries, long total, int offset, int limit) {
    public Page {
        entries = List.copyOf(entries);
    }
}

package org.fablab.gateway.port;

/** A write would duplicate something unique (a badge enrolled twice, a username taken); the message says what. */
public final class Conflict extends RuntimeException {
    public Conflict(String what) {
        super(what, null, false, false);
    }
}

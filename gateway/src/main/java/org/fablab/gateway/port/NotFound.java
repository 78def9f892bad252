package org.fablab.gateway.port;

/** A write or a read named a record that does not exist; the message names it. */
public final class NotFound extends RuntimeException {
    public NotFound(String what) {
        super(what, null, false, false);
    }
}

package org.fablab.gateway.service;

/** The caller's role or rights do not allow this change; the message says why (HTTP 403). */
public final class NotAllowed extends RuntimeException {
    public NotAllowed(String why) {
        super(why, null, false, false);
    }
}

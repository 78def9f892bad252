package org.fablab.gateway.adapter.jdbc;

/** The database refused or could not be reached; the caller keeps its input and retries or reports. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

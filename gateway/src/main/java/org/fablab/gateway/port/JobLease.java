package org.fablab.gateway.port;

/**
 * The right to run the gateway's periodic singleton jobs (the hourly billing catch-up, ACL renewals) when several
 * gateway instances share one database: at most one instance holds it at a time, and another takes it over within
 * seconds once the holder is gone. A job asks {@link #held} each time it is due and skips its turn when it is false.
 */
public interface JobLease extends AutoCloseable {

    /** The lease of a gateway that is the only one on its database (SQLite): always held. */
    JobLease SOLE = new JobLease() {
        @Override
        public boolean held() {
            return true;
        }

        @Override
        public void close() {
            // nothing was taken
        }
    };

    /**
     * Whether this instance holds the lease now, taking it when it is free. Never throws: a database that cannot be
     * reached means not held. Blocking (a database round trip): call it from a worker thread.
     */
    boolean held();

    /** Gives the lease up, so another instance takes it at its next try. */
    @Override
    void close();
}

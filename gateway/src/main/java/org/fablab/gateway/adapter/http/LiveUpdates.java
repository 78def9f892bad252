package org.fablab.gateway.adapter.http;

/** Event-bus addresses on which live changes are published for the SSE stream. */
public final class LiveUpdates {
    /** Body: the JSON of a changed {@code MachineView}. */
    public static final String MACHINE = "fablab.live.machine";
    /** Body: the JSON of a changed {@code SessionRecord}. */
    public static final String SESSION = "fablab.live.session";

    private LiveUpdates() {
    }
}

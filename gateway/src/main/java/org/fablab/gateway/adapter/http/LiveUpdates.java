package org.fablab.gateway.adapter.http;

import io.vertx.core.eventbus.EventBus;
import org.fablab.gateway.domain.BoardRedaction;
import org.fablab.gateway.domain.MachineView;
import org.fablab.gateway.domain.SessionRecord;

/**
 * Publishes live changes on the event bus for the SSE stream: each changed card twice, in full for clients
 * that may read every session and as the {@link BoardRedaction} public view for the others, and each changed
 * session only in full. Thread-safe.
 */
public final class LiveUpdates {
    /** Body: the JSON of a changed {@code MachineView}. */
    static final String MACHINE = "fablab.live.machine";
    /** Body: the JSON of the public view of a changed {@code MachineView}. */
    static final String PUBLIC_MACHINE = "fablab.live.machine.public";
    /** Body: the JSON of a changed {@code SessionRecord}. */
    static final String SESSION = "fablab.live.session";

    private final EventBus bus;
    private final BoardRedaction redaction;

    public LiveUpdates(EventBus bus, BoardRedaction redaction) {
        this.bus = bus;
        this.redaction = redaction;
    }

    public void machineChanged(MachineView card) {
        bus.publish(MACHINE, HttpApi.toJson(card));
        bus.publish(PUBLIC_MACHINE, HttpApi.toJson(redaction.publicView(card)));
    }

    public void sessionChanged(SessionRecord session) {
        bus.publish(SESSION, HttpApi.toJson(session));
    }
}

package org.fablab.node.domain;

import java.time.Instant;
import java.util.List;
import org.fablab.protocol.Command;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.MachineState;

/** Something that happened to the node, fed to {@link SessionMachine#handle}. Each carries when it happened. */
public sealed interface NodeInput {
    Instant at();

    /**
     * The node program started; always the first input.
     *
     * @param restoredState the administrative state persisted before the restart ({@code idle} if none)
     * @param interrupted   sessions that were open when the node stopped, to close as interrupted
     */
    record Booted(Instant at, MachineState restoredState, List<InterruptedSession> interrupted) implements NodeInput {
        public Booted {
            require("at", at);
            require("restoredState", restoredState);
            interrupted = List.copyOf(require("interrupted", interrupted));
        }
    }

    /** A badge was presented and decided by the {@link AccessPolicy}. */
    record BadgeRead(CredentialRef credential, AccessDecision decision, Instant at) implements NodeInput {
        public BadgeRead {
            require("credential", credential);
            require("decision", decision);
            require("at", at);
        }
    }

    /** A badge left a reader that can tell (a card slot): badge-out. */
    record BadgeRemoved(CredentialRef credential, Instant at) implements NodeInput {
        public BadgeRemoved {
            require("credential", credential);
            require("at", at);
        }
    }

    /** Time passed; drives grace periods, timeouts and progress events. */
    record Tick(Instant at) implements NodeInput {
        public Tick {
            require("at", at);
        }
    }

    /** A verified command from the gateway, already checked to be the first with its id. */
    record CommandReceived(Command command, Instant at) implements NodeInput {
        public CommandReceived {
            require("command", command);
            require("at", at);
        }
    }

    /** The node found itself unable to work safely (an internal error, relay feedback mismatch). */
    record FaultDetected(String reason, Instant at) implements NodeInput {
        public FaultDetected {
            require("reason", reason);
            require("at", at);
        }
    }

    /**
     * The current level of an interlock; sent at start and whenever it may have changed (repeats are ignored).
     *
     * @param closed true when the input reads safe
     */
    record InterlockSensed(String name, InterlockEffect effect, boolean closed, Instant at) implements NodeInput {
        public InterlockSensed {
            require("name", name);
            require("effect", effect);
            require("at", at);
        }
    }

    /**
     * A current sensor reading.
     *
     * @param running true when the machine draws current above its threshold
     * @param watts   estimated power, or NaN when the sensor only tells running or not
     */
    record PowerSampled(boolean running, double watts, Instant at) implements NodeInput {
        public PowerSampled {
            require("at", at);
        }
    }

    /** What the relay's feedback contact reads (true = powered). */
    record RelaySensed(boolean on, Instant at) implements NodeInput {
        public RelaySensed {
            require("at", at);
        }
    }

    /** The node program is stopping cleanly. */
    record Shutdown(Instant at) implements NodeInput {
        public Shutdown {
            require("at", at);
        }
    }

    private static <T> T require(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }
}

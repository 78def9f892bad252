package org.fablab.node.domain;

import java.time.Instant;
import java.util.List;
import org.fablab.protocol.Command;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.Names;

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
            Names.require("at", at);
            Names.require("restoredState", restoredState);
            interrupted = List.copyOf(Names.require("interrupted", interrupted));
        }
    }

    /**
     * A badge was presented and decided by the {@link AccessPolicy}.
     *
     * @param credential  the badge as chosen by {@link BadgeHashes#chosen}
     * @param networkHash the badge's network hash on a node of a lab in a network of labs, for its
     *                    {@code badge.denied}; null otherwise
     */
    record BadgeRead(CredentialRef credential, AccessDecision decision, Instant at, String networkHash)
            implements NodeInput {
        public BadgeRead {
            Names.require("credential", credential);
            Names.require("decision", decision);
            Names.require("at", at);
            if (networkHash != null) {
                CredentialRef.requireHash("networkHash", networkHash);
            }
        }

        /** A read on a node of a lab in no network. */
        public BadgeRead(CredentialRef credential, AccessDecision decision, Instant at) {
            this(credential, decision, at, null);
        }
    }

    /** A badge left a reader that can tell (a card slot): badge-out. */
    record BadgeRemoved(CredentialRef credential, Instant at) implements NodeInput {
        public BadgeRemoved {
            Names.require("credential", credential);
            Names.require("at", at);
        }
    }

    /** Time passed; drives grace periods, timeouts and progress events. */
    record Tick(Instant at) implements NodeInput {
        public Tick {
            Names.require("at", at);
        }
    }

    /** A verified command from the gateway, already checked to be the first with its id. */
    record CommandReceived(Command command, Instant at) implements NodeInput {
        public CommandReceived {
            Names.require("command", command);
            Names.require("at", at);
        }
    }

    /** The node found itself unable to work safely (an internal error, relay feedback mismatch). */
    record FaultDetected(String reason, Instant at) implements NodeInput {
        public FaultDetected {
            Names.require("reason", reason);
            Names.require("at", at);
        }
    }

    /**
     * The current level of an interlock; sent at start and whenever it may have changed (repeats are ignored).
     *
     * @param closed true when the input reads safe
     */
    record InterlockSensed(String name, InterlockEffect effect, boolean closed, Instant at) implements NodeInput {
        public InterlockSensed {
            Names.require("name", name);
            Names.require("effect", effect);
            Names.require("at", at);
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
            Names.require("at", at);
        }
    }

    /** What the relay's feedback contact reads (true = powered). */
    record RelaySensed(boolean on, Instant at) implements NodeInput {
        public RelaySensed {
            Names.require("at", at);
        }
    }

    /** The node program is stopping cleanly. */
    record Shutdown(Instant at) implements NodeInput {
        public Shutdown {
            Names.require("at", at);
        }
    }
}

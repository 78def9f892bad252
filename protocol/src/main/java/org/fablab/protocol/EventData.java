package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.time.Instant;

/**
 * The type-specific part of a {@link NodeEvent}; its wire name travels as the event's {@code type}.
 * Durations are whole seconds, energy is watt-hours.
 */
@JsonSubTypes({
        @JsonSubTypes.Type(value = EventData.SessionStarted.class, name = "session.started"),
        @JsonSubTypes.Type(value = EventData.SessionProgress.class, name = "session.progress"),
        @JsonSubTypes.Type(value = EventData.SessionEnded.class, name = "session.ended"),
        @JsonSubTypes.Type(value = EventData.BadgeDenied.class, name = "badge.denied"),
        @JsonSubTypes.Type(value = EventData.MachineStateChanged.class, name = "machine.state"),
        @JsonSubTypes.Type(value = EventData.InterlockChanged.class, name = "interlock.changed"),
        @JsonSubTypes.Type(value = EventData.ConsumableRecorded.class, name = "consumable.recorded"),
        @JsonSubTypes.Type(value = EventData.NodeBooted.class, name = "node.booted")
})
public sealed interface EventData {

    /** Wire name of this event type, e.g. {@code session.started}. */
    default String type() {
        return typeOf(getClass());
    }

    /** Wire name of the event type {@code kind}, e.g. {@code machine.state}, as stored and sent. */
    static String typeOf(Class<? extends EventData> kind) {
        for (JsonSubTypes.Type t : EventData.class.getAnnotation(JsonSubTypes.class).value()) {
            if (t.value() == kind) {
                return t.name();
            }
        }
        throw new IllegalStateException("unregistered event type " + kind);
    }

    /**
     * A session began: the relay was switched on for this credential.
     *
     * @param memberId the member the node's ACL names for the credential, absent if unknown to the node
     * @param offline  true when the node decided from its cached ACL without reaching the gateway
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionStarted(String sessionId, Instant startedAt, CredentialRef credential, String memberId,
                          boolean offline) implements EventData {
        public SessionStarted {
            Names.requireText("sessionId", sessionId);
            Names.require("startedAt", startedAt);
            Names.require("credential", credential);
        }
    }

    /**
     * Periodic meters of a running session, so a session cut by power loss can be closed at its last known
     * point. As in {@link SessionEnded}, {@code activeSeconds} never exceeds {@code wallSeconds}.
     */
    record SessionProgress(String sessionId, long wallSeconds, long activeSeconds, double energyWh)
            implements EventData {
        public SessionProgress {
            Names.requireText("sessionId", sessionId);
            Names.requireNonNegative("wallSeconds", wallSeconds);
            Names.requireNonNegative("activeSeconds", activeSeconds);
            requireEnergy(energyWh);
            requireActiveWithinWall(activeSeconds, wallSeconds);
        }
    }

    /**
     * A session ended and the relay is off.
     *
     * @param interrupted true when the node lost power and closed the session at its last progress record
     */
    record SessionEnded(String sessionId, Instant startedAt, Instant endedAt, long wallSeconds,
                        long activeSeconds, double energyWh, EndReason reason, boolean interrupted)
            implements EventData {
        public SessionEnded {
            Names.requireText("sessionId", sessionId);
            Names.require("startedAt", startedAt);
            Names.require("endedAt", endedAt);
            if (endedAt.isBefore(startedAt)) {
                throw new IllegalArgumentException("endedAt must not be before startedAt");
            }
            Names.requireNonNegative("wallSeconds", wallSeconds);
            Names.requireNonNegative("activeSeconds", activeSeconds);
            requireActiveWithinWall(activeSeconds, wallSeconds);
            requireEnergy(energyWh);
            Names.require("reason", reason);
        }
    }

    /**
     * A badge was refused at the machine; {@code reason} is a short code such as {@code unknown-badge}.
     *
     * @param networkHash the badge hashed with the network pepper, sent by a node of a lab in a network of labs so
     *                    the gateway can log a visitor's refusal with the visitor's home lab; absent otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BadgeDenied(CredentialRef credential, String reason, String networkHash) implements EventData {
        public BadgeDenied {
            Names.require("credential", credential);
            Names.requireText("reason", reason);
            if (networkHash != null) {
                CredentialRef.requireHash("networkHash", networkHash);
            }
        }

        /** A refusal at a node whose lab is in no network: without {@code networkHash}. */
        public BadgeDenied(CredentialRef credential, String reason) {
            this(credential, reason, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MachineStateChanged(MachineState state, String reason) implements EventData {
        public MachineStateChanged {
            Names.require("state", state);
        }
    }

    /** An interlock input changed; {@code closed} means safe (extractor running, lid closed, e-stop released). */
    record InterlockChanged(String name, boolean closed) implements EventData {
        public InterlockChanged {
            Names.requireText("name", name);
        }
    }

    /** Material used, in whole units of {@code unit} (e.g. grams of filament, sheets). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConsumableRecorded(String sessionId, String item, long quantity, String unit) implements EventData {
        public ConsumableRecorded {
            Names.requireText("item", item);
            if (quantity <= 0) {
                throw new IllegalArgumentException("quantity must be > 0, was " + quantity);
            }
            Names.requireText("unit", unit);
        }
    }

    /** The node (re)started with its relay off; {@code recoveredSessions} were closed as interrupted. */
    record NodeBooted(String software, int recoveredSessions) implements EventData {
        public NodeBooted {
            Names.requireText("software", software);
            Names.requireNonNegative("recoveredSessions", recoveredSessions);
        }
    }

    private static void requireActiveWithinWall(long activeSeconds, long wallSeconds) {
        if (activeSeconds > wallSeconds) {
            throw new IllegalArgumentException("activeSeconds must not exceed wallSeconds, was "
                    + activeSeconds + " > " + wallSeconds);
        }
    }

    private static void requireEnergy(double energyWh) {
        if (!(energyWh >= 0) || Double.isInfinite(energyWh)) {
            throw new IllegalArgumentException("energyWh must be a finite number >= 0");
        }
    }
}

package org.fablab.node.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.fablab.node.domain.NodeAction.Emit;
import org.fablab.node.domain.NodeAction.Indicate;
import org.fablab.node.domain.NodeAction.SwitchPower;
import org.fablab.protocol.Command;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.MachineState;

/**
 * The session state machine of DESIGN §5: inputs in, actions out, no I/O.
 *
 * <p>Rules: boot forces the relay off and closes sessions interrupted by power loss; a granted badge in
 * {@code idle} starts a session (event first, then power on, so a crash never leaves power on without a
 * record); the same badge again or a badge-out enters {@code ending} with a warning, and power is cut when
 * the grace period has elapsed unless the same member badges again, which resumes the session; another
 * granted member badging during the grace period takes the machine over without a power cut; a session
 * reaching the maximum length ends through the same grace period (and cannot be resumed); power is cut
 * before the {@code session.ended} event. Wall time runs from the start to the power cut. Active time and
 * energy stay 0 until a power meter port exists.
 *
 * <p>Not thread-safe: the node feeds it from one thread.
 */
public final class SessionMachine {
    static final String IN_USE_REASON = "machine-in-use";
    static final String SESSION_LIMIT_REASON = "session-limit";
    private static final Set<MachineState> ADMIN_STATES =
            EnumSet.of(MachineState.IDLE, MachineState.BLOCKED, MachineState.OUT_OF_SERVICE, MachineState.TO_CHECK);

    private final SessionSettings settings;
    private final Supplier<String> sessionIds;
    private MachineState state = MachineState.IDLE;
    private Session session;
    private Ending ending;
    private boolean booted;

    /** @param sessionIds source of unique session ids (random UUIDs in production) */
    public SessionMachine(SessionSettings settings, Supplier<String> sessionIds) {
        this.settings = settings;
        this.sessionIds = sessionIds;
    }

    public MachineState state() {
        return state;
    }

    /**
     * Applies one input.
     *
     * @throws IllegalStateException when the first input is not {@link NodeInput.Booted}
     */
    public List<NodeAction> handle(NodeInput input) {
        List<NodeAction> out = new ArrayList<>();
        if (input instanceof NodeInput.Booted booted) {
            boot(booted, out);
        } else if (!booted) {
            throw new IllegalStateException("the first input must be Booted, was " + input.getClass().getSimpleName());
        } else if (input instanceof NodeInput.BadgeRead read) {
            badgeRead(read, out);
        } else if (input instanceof NodeInput.BadgeRemoved removed) {
            if (state == MachineState.ACTIVE && session.isFor(removed.credential())) {
                beginEnding(EndReason.BADGE_OUT, removed.at(), out);
            }
        } else if (input instanceof NodeInput.Tick tick) {
            tick(tick.at(), out);
        } else if (input instanceof NodeInput.CommandReceived received) {
            command(received.command(), received.at(), out);
        } else if (input instanceof NodeInput.FaultDetected fault) {
            changeAdminState(MachineState.FAULT, fault.reason(), EndReason.FAULT, fault.at(), out);
        } else if (input instanceof NodeInput.Shutdown shutdown) {
            cutPower(EndReason.POWER_LOSS, shutdown.at(), out);
        }
        return List.copyOf(out);
    }

    private void boot(NodeInput.Booted input, List<NodeAction> out) {
        if (booted) {
            throw new IllegalStateException("the machine was already booted");
        }
        booted = true;
        state = input.restoredState() == MachineState.FAULT || ADMIN_STATES.contains(input.restoredState())
                ? input.restoredState() : MachineState.IDLE;
        out.add(new SwitchPower(false));
        for (InterruptedSession s : input.interrupted()) {
            out.add(new Emit(new EventData.SessionEnded(s.sessionId(), s.startedAt(), s.lastKnownAt(),
                    s.wallSeconds(), s.activeSeconds(), s.energyWh(), EndReason.POWER_LOSS, true)));
        }
        out.add(new Emit(new EventData.NodeBooted(settings.software(), input.interrupted().size())));
        out.add(new Indicate(steadySignal()));
    }

    private void badgeRead(NodeInput.BadgeRead read, List<NodeAction> out) {
        CredentialRef credential = read.credential();
        AccessDecision decision = read.decision();
        switch (state) {
            case IDLE -> {
                if (decision instanceof AccessDecision.Granted granted) {
                    startSession(credential, granted, read.at(), out);
                } else {
                    deny(credential, ((AccessDecision.Denied) decision).reason(), out);
                }
            }
            case ACTIVE -> {
                if (session.isFor(credential)) {
                    beginEnding(EndReason.SAME_BADGE, read.at(), out);
                } else {
                    deny(credential, IN_USE_REASON, out);
                }
            }
            case ENDING -> badgeWhileEnding(credential, decision, read.at(), out);
            default -> deny(credential, "machine-" + state.wire(), out);
        }
    }

    private void badgeWhileEnding(CredentialRef credential, AccessDecision decision, Instant at,
                                  List<NodeAction> out) {
        if (decision instanceof AccessDecision.Denied denied) {
            deny(credential, denied.reason(), out);
        } else if (!session.isFor(credential)) {
            out.add(new Emit(ended(EndReason.TAKEOVER, at)));
            session = null;
            ending = null;
            startSession(credential, (AccessDecision.Granted) decision, at, out);
        } else if (ending.reason() == EndReason.TIMEOUT) {
            deny(credential, SESSION_LIMIT_REASON, out);
        } else {
            ending = null;
            state = MachineState.ACTIVE;
            out.add(new Indicate(Signal.IN_USE));
        }
    }

    private void tick(Instant at, List<NodeAction> out) {
        if (state == MachineState.ENDING && !at.isBefore(ending.cutAt())) {
            cutPower(ending.reason(), at, out);
            out.add(new Indicate(Signal.READY));
            return;
        }
        if (session == null) {
            return;
        }
        if (!at.isBefore(session.lastProgressAt().plus(settings.progressInterval()))) {
            session = session.progressedAt(at);
            out.add(new Emit(new EventData.SessionProgress(session.id(), session.wallSeconds(at), 0, 0.0)));
        }
        if (state == MachineState.ACTIVE
                && Duration.between(session.startedAt(), at).compareTo(settings.maxSessionLength()) >= 0) {
            beginEnding(EndReason.TIMEOUT, at, out);
        }
    }

    private void command(Command command, Instant at, List<NodeAction> out) {
        switch (command.action()) {
            case FORCE_OFF -> {
                boolean running = session != null;
                cutPower(EndReason.FORCE_OFF, at, out);
                if (running) {
                    out.add(new Indicate(Signal.READY));
                }
            }
            case LOCK -> changeAdminState(MachineState.BLOCKED, command.args().get("reason"),
                    EndReason.FORCE_OFF, at, out);
            case UNLOCK -> {
                if (session == null) {
                    changeAdminState(MachineState.IDLE, command.args().get("reason"), EndReason.FORCE_OFF, at, out);
                }
            }
            case SET_STATE -> {
                MachineState target = parseState(command.args().get("state"));
                if (target != null && ADMIN_STATES.contains(target)) {
                    changeAdminState(target, command.args().get("reason"), EndReason.FORCE_OFF, at, out);
                }
            }
            case IDENTIFY -> out.add(new Indicate(Signal.IDENTIFY));
            case RESYNC -> {
                // Resync is about the link (status, outbox), handled by the node around this machine.
            }
        }
    }

    private static MachineState parseState(String wire) {
        try {
            return wire == null ? null : MachineState.fromWire(wire);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void changeAdminState(MachineState target, String reason, EndReason endReason, Instant at,
                                  List<NodeAction> out) {
        boolean running = session != null;
        cutPower(endReason, at, out);
        if (target == state) {
            if (running) {
                out.add(new Indicate(steadySignal()));
            }
            return;
        }
        state = target;
        out.add(new Emit(new EventData.MachineStateChanged(target, reason)));
        out.add(new Indicate(steadySignal()));
    }

    private void startSession(CredentialRef credential, AccessDecision.Granted granted, Instant at,
                              List<NodeAction> out) {
        session = new Session(sessionIds.get(), credential, at, at);
        state = MachineState.ACTIVE;
        // Offline is always true: this node decides from its cached signed ACL, never by asking the gateway.
        out.add(new Emit(new EventData.SessionStarted(session.id(), at, credential, granted.memberId(), true)));
        out.add(new SwitchPower(true));
        out.add(new Indicate(Signal.IN_USE));
    }

    private void beginEnding(EndReason reason, Instant at, List<NodeAction> out) {
        if (settings.gracePeriod().isZero()) {
            cutPower(reason, at, out);
            out.add(new Indicate(Signal.READY));
            return;
        }
        state = MachineState.ENDING;
        ending = new Ending(reason, at.plus(settings.gracePeriod()));
        out.add(new Indicate(Signal.WARNING));
    }

    /** Cuts power and, when a session runs, ends it and returns to idle; callers choose the signal to show. */
    private void cutPower(EndReason reason, Instant at, List<NodeAction> out) {
        out.add(new SwitchPower(false));
        if (session == null) {
            return;
        }
        out.add(new Emit(ended(reason, at)));
        session = null;
        ending = null;
        state = MachineState.IDLE;
    }

    private EventData.SessionEnded ended(EndReason reason, Instant at) {
        return new EventData.SessionEnded(session.id(), session.startedAt(), at, session.wallSeconds(at), 0, 0.0,
                reason, false);
    }

    private void deny(CredentialRef credential, String reason, List<NodeAction> out) {
        out.add(new Emit(new EventData.BadgeDenied(credential, reason)));
        out.add(new Indicate(Signal.DENIED));
    }

    private Signal steadySignal() {
        return switch (state) {
            case IDLE -> Signal.READY;
            case ACTIVE -> Signal.IN_USE;
            case ENDING -> Signal.WARNING;
            case FAULT -> Signal.FAULT;
            case BLOCKED, OUT_OF_SERVICE, TO_CHECK -> Signal.LOCKED;
        };
    }

    private record Session(String id, CredentialRef credential, Instant startedAt, Instant lastProgressAt) {
        boolean isFor(CredentialRef other) {
            return credential.hash().equals(other.hash()) && credential.type().equals(other.type());
        }

        long wallSeconds(Instant at) {
            return Math.max(0, Duration.between(startedAt, at).getSeconds());
        }

        Session progressedAt(Instant at) {
            return new Session(id, credential, startedAt, at);
        }
    }

    private record Ending(EndReason reason, Instant cutAt) {
    }
}

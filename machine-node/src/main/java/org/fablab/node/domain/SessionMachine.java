package org.fablab.node.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The node's session state machine (machine-node/README.md, "Behaviour"): inputs in, actions out, no I/O.
 *
 * <p>Sessions: boot forces the relay off and closes sessions interrupted by power loss; a granted badge in
 * {@code idle} starts a session (event first, then power on, so a crash never leaves power on without a
 * record); the same badge again or a badge-out enters {@code ending} with a warning, and power is cut when the
 * grace period has elapsed unless the same member badges again, which resumes the session; another granted
 * member badging while a session runs (or during its grace period) takes the machine over: the first session
 * ends with reason {@code takeover} and the new one starts without a power cut; a session reaching the maximum
 * length, or whose machine drew no current for the idle auto-off time, ends through the same grace period
 * (a timeout cannot be resumed); power is cut before the {@code session.ended} event. Where configured, the
 * machine enters {@code to-check} after each session.
 *
 * <p>Safety: an open interlock refuses new sessions; with effect {@code stop-session} it also ends a running
 * session at once (no grace), with {@code block-machine} it ends it and blocks the machine. Relay feedback
 * disagreeing with the commanded relay state, or current flowing while the relay is off, for
 * {@link #MISMATCH_DELAY} raises {@code fault}: power cut, session ended with reason {@code fault}.
 *
 * <p>Metering: wall time runs from the start to the power cut; active time is the time current was sensed
 * running; energy integrates the sensed watts (0 without a measuring sensor).
 *
 * <p>Not thread-safe: the node feeds it from one thread.
 */
public final class SessionMachine {
    static final String INTERLOCK_REASON = "interlock-open";
    static final String SESSION_LIMIT_REASON = "session-limit";
    /** How long relay feedback or current may disagree with the relay before it is a fault. */
    public static final Duration MISMATCH_DELAY = Duration.ofSeconds(3);
    /** Longest gap between two power samples that still counts as measured time. */
    static final Duration MAX_SAMPLE_GAP = Duration.ofSeconds(10);
    private static final Set<MachineState> ADMIN_STATES =
            EnumSet.of(MachineState.IDLE, MachineState.BLOCKED, MachineState.OUT_OF_SERVICE, MachineState.TO_CHECK);
    private static final Set<EndReason> AFTER_USE = EnumSet.of(EndReason.BADGE_OUT, EndReason.SAME_BADGE,
            EndReason.TIMEOUT, EndReason.IDLE, EndReason.FORCE_OFF, EndReason.INTERLOCK);

    private final SessionSettings settings;
    private final Supplier<String> sessionIds;
    private final Map<String, InterlockEffect> openInterlocks = new LinkedHashMap<>();
    private final Map<String, Boolean> interlockLevels = new LinkedHashMap<>();
    private MachineState state = MachineState.IDLE;
    private Session session;
    private Ending ending;
    private boolean booted;
    private boolean powerOn;
    private Instant feedbackMismatchSince;
    private Instant currentMismatchSince;

    /** @param sessionIds source of unique session ids (random UUIDs in production) */
    public SessionMachine(SessionSettings settings, Supplier<String> sessionIds) {
        this.settings = settings;
        this.sessionIds = sessionIds;
    }

    public MachineState state() {
        return state;
    }

    /** The id of the session running now, empty when none is. */
    public Optional<String> currentSessionId() {
        return Optional.ofNullable(session).map(Session::id);
    }

    /**
     * Applies one input.
     *
     * @throws IllegalStateException when the first input is not {@link NodeInput.Booted}, or for a kind of input
     *                               this machine has no rule for
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
            fault(fault.reason(), fault.at(), out);
        } else if (input instanceof NodeInput.InterlockSensed interlock) {
            interlock(interlock, out);
        } else if (input instanceof NodeInput.PowerSampled sample) {
            powerSampled(sample, out);
        } else if (input instanceof NodeInput.RelaySensed relay) {
            relaySensed(relay, out);
        } else if (input instanceof NodeInput.Shutdown shutdown) {
            cutPower(EndReason.POWER_LOSS, shutdown.at(), out);
        } else {
            // Java 17 has no exhaustive switch over a sealed type: a new kind of input must fail here, not be ignored
            throw new IllegalStateException("no rule for the input " + input.getClass().getSimpleName());
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
        switchPower(false, out);
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
                    if (openInterlocks.isEmpty()) {
                        startSession(credential, granted, read.at(), out);
                    } else {
                        deny(read, INTERLOCK_REASON, out);
                    }
                } else {
                    deny(read, ((AccessDecision.Denied) decision).reason(), out);
                }
            }
            case ACTIVE -> {
                if (session.isFor(credential)) {
                    beginEnding(EndReason.SAME_BADGE, read.at(), out);
                } else {
                    takeOver(read, out);
                }
            }
            case ENDING -> badgeWhileEnding(read, out);
            default -> deny(read, "machine-" + state.wire(), out);
        }
    }

    private void badgeWhileEnding(NodeInput.BadgeRead read, List<NodeAction> out) {
        if (!session.isFor(read.credential())) {
            takeOver(read, out);
        } else if (read.decision() instanceof AccessDecision.Denied denied) {
            deny(read, denied.reason(), out);
        } else if (ending.reason() == EndReason.TIMEOUT) {
            deny(read, SESSION_LIMIT_REASON, out);
        } else {
            ending = null;
            session = session.activeAgainAt(read.at());
            state = MachineState.ACTIVE;
            out.add(new Indicate(Signal.IN_USE));
        }
    }

    /** Another member badged while a session runs: granted, the first session ends and theirs starts. */
    private void takeOver(NodeInput.BadgeRead read, List<NodeAction> out) {
        if (read.decision() instanceof AccessDecision.Denied denied) {
            deny(read, denied.reason(), out);
        } else if (!openInterlocks.isEmpty()) {
            deny(read, INTERLOCK_REASON, out);
        } else {
            out.add(new Emit(ended(EndReason.TAKEOVER, read.at())));
            session = null;
            ending = null;
            startSession(read.credential(), (AccessDecision.Granted) read.decision(), read.at(), out);
        }
    }

    private void tick(Instant at, List<NodeAction> out) {
        if (state == MachineState.ENDING && !at.isBefore(ending.cutAt())) {
            finishSession(ending.reason(), at, out);
            return;
        }
        if (session == null) {
            return;
        }
        if (!at.isBefore(session.lastProgressAt().plus(settings.progressInterval()))) {
            session = session.progressedAt(at);
            out.add(new Emit(new EventData.SessionProgress(session.id(), session.wallSeconds(at),
                    session.activeSeconds(at), session.energyWh())));
        }
        if (state == MachineState.ACTIVE
                && Duration.between(session.startedAt(), at).compareTo(settings.maxSessionLength()) >= 0) {
            beginEnding(EndReason.TIMEOUT, at, out);
        }
    }

    private void interlock(NodeInput.InterlockSensed input, List<NodeAction> out) {
        Boolean before = interlockLevels.put(input.name(), input.closed());
        if (before != null && before == input.closed()) {
            return;
        }
        if (input.closed()) {
            openInterlocks.remove(input.name());
        } else {
            openInterlocks.put(input.name(), input.effect());
        }
        if (before == null && input.closed()) {
            return;
        }
        out.add(new Emit(new EventData.InterlockChanged(input.name(), input.closed())));
        if (input.closed()) {
            return;
        }
        switch (input.effect()) {
            case REFUSE_START -> {
                // A running session goes on; new sessions are refused while it is open.
            }
            case STOP_SESSION -> {
                if (session != null) {
                    finishSession(EndReason.INTERLOCK, input.at(), out);
                }
            }
            case BLOCK_MACHINE -> changeAdminState(MachineState.BLOCKED, "interlock-" + input.name(),
                    EndReason.INTERLOCK, input.at(), out);
        }
    }

    private void powerSampled(NodeInput.PowerSampled sample, List<NodeAction> out) {
        Instant at = sample.at();
        if (!powerOn && sample.running() && state != MachineState.FAULT) {
            if (currentMismatchSince == null) {
                currentMismatchSince = at;
            } else if (Duration.between(currentMismatchSince, at).compareTo(MISMATCH_DELAY) >= 0) {
                fault("current-without-power", at, out);
                return;
            }
        } else {
            currentMismatchSince = null;
        }
        if (session == null) {
            return;
        }
        session = session.sampled(sample.running(), sample.watts(), at);
        if (state == MachineState.ACTIVE && !settings.idleAutoOff().isZero() && session.idleSince() != null
                && Duration.between(session.idleSince(), at).compareTo(settings.idleAutoOff()) >= 0) {
            beginEnding(EndReason.IDLE, at, out);
        }
    }

    private void relaySensed(NodeInput.RelaySensed sensed, List<NodeAction> out) {
        if (sensed.on() == powerOn || state == MachineState.FAULT) {
            feedbackMismatchSince = null;
            return;
        }
        if (feedbackMismatchSince == null) {
            feedbackMismatchSince = sensed.at();
        } else if (Duration.between(feedbackMismatchSince, sensed.at()).compareTo(MISMATCH_DELAY) >= 0) {
            fault(sensed.on() ? "relay-stuck-on" : "relay-stuck-off", sensed.at(), out);
        }
    }

    private void fault(String reason, Instant at, List<NodeAction> out) {
        feedbackMismatchSince = null;
        currentMismatchSince = null;
        changeAdminState(MachineState.FAULT, reason, EndReason.FAULT, at, out);
    }

    private void command(Command command, Instant at, List<NodeAction> out) {
        switch (command.action()) {
            case FORCE_OFF -> {
                if (session != null) {
                    finishSession(EndReason.FORCE_OFF, at, out);
                } else {
                    switchPower(false, out);
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
        session = Session.start(sessionIds.get(), credential, at);
        state = MachineState.ACTIVE;
        out.add(new Emit(new EventData.SessionStarted(session.id(), at, credential, granted.memberId(),
                !granted.live())));
        switchPower(true, out);
        out.add(new Indicate(Signal.IN_USE));
    }

    private void beginEnding(EndReason reason, Instant at, List<NodeAction> out) {
        if (settings.gracePeriod().isZero()) {
            finishSession(reason, at, out);
            return;
        }
        state = MachineState.ENDING;
        ending = new Ending(reason, at.plus(settings.gracePeriod()));
        out.add(new Indicate(Signal.WARNING));
    }

    /** Ends the running session at the end of a use: power off, then idle or, where configured, to-check. */
    private void finishSession(EndReason reason, Instant at, List<NodeAction> out) {
        cutPower(reason, at, out);
        if (settings.toCheckAfterUse() && AFTER_USE.contains(reason)) {
            state = MachineState.TO_CHECK;
            out.add(new Emit(new EventData.MachineStateChanged(MachineState.TO_CHECK, "after-use")));
        }
        out.add(new Indicate(steadySignal()));
    }

    /** Cuts power and, when a session runs, ends it and returns to idle; callers choose the signal to show. */
    private void cutPower(EndReason reason, Instant at, List<NodeAction> out) {
        switchPower(false, out);
        if (session == null) {
            return;
        }
        out.add(new Emit(ended(reason, at)));
        session = null;
        ending = null;
        state = MachineState.IDLE;
    }

    private void switchPower(boolean on, List<NodeAction> out) {
        if (on != powerOn) {
            feedbackMismatchSince = null;
            currentMismatchSince = null;
        }
        powerOn = on;
        out.add(new SwitchPower(on));
    }

    private EventData.SessionEnded ended(EndReason reason, Instant at) {
        return new EventData.SessionEnded(session.id(), session.startedAt(), at, session.wallSeconds(at),
                session.activeSeconds(at), session.energyWh(), reason, false);
    }

    private void deny(NodeInput.BadgeRead read, String reason, List<NodeAction> out) {
        out.add(new Emit(new EventData.BadgeDenied(read.credential(), reason, read.networkHash())));
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

    /**
     * A running session and its meters.
     *
     * @param activeMillis time the machine was sensed running, up to {@code lastSampleAt}
     * @param exactWh      energy summed so far, unrounded
     * @param idleSince    since when no current was sensed (the start until a first running sample), or null
     */
    private record Session(String id, CredentialRef credential, Instant startedAt, Instant lastProgressAt,
                           long activeMillis, double exactWh, Instant lastSampleAt, Instant idleSince) {
        static Session start(String id, CredentialRef credential, Instant at) {
            return new Session(id, credential, at, at, 0, 0.0, at, at);
        }

        boolean isFor(CredentialRef other) {
            return credential.hash().equals(other.hash()) && credential.type().equals(other.type());
        }

        long wallSeconds(Instant at) {
            return Math.max(0, Duration.between(startedAt, at).getSeconds());
        }

        /** Energy in Wh, rounded to the mWh. */
        double energyWh() {
            return Math.round(exactWh * 1000) / 1000.0;
        }

        long activeSeconds(Instant at) {
            return Math.min(activeMillis / 1000, wallSeconds(at));
        }

        Session progressedAt(Instant at) {
            return new Session(id, credential, startedAt, at, activeMillis, exactWh, lastSampleAt, idleSince);
        }

        Session activeAgainAt(Instant at) {
            return new Session(id, credential, startedAt, lastProgressAt, activeMillis, exactWh, lastSampleAt, at);
        }

        /** The interval since the last sample counts with this sample's reading (capped at MAX_SAMPLE_GAP). */
        Session sampled(boolean running, double watts, Instant at) {
            long millis = Math.max(0, Math.min(Duration.between(lastSampleAt, at).toMillis(),
                    MAX_SAMPLE_GAP.toMillis()));
            long active = activeMillis + (running ? millis : 0);
            double energy = exactWh + (Double.isNaN(watts) ? 0.0 : watts * millis / 3_600_000.0);
            Instant idle = running ? null : (idleSince == null ? at : idleSince);
            return new Session(id, credential, startedAt, lastProgressAt, active, energy, at, idle);
        }
    }

    private record Ending(EndReason reason, Instant cutAt) {
    }
}

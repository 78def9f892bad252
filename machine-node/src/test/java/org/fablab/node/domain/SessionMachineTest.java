package org.fablab.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.fablab.node.domain.NodeAction.Emit;
import org.fablab.node.domain.NodeAction.Indicate;
import org.fablab.node.domain.NodeAction.SwitchPower;
import org.fablab.node.domain.NodeInput.BadgeRead;
import org.fablab.node.domain.NodeInput.BadgeRemoved;
import org.fablab.node.domain.NodeInput.Booted;
import org.fablab.node.domain.NodeInput.CommandReceived;
import org.fablab.node.domain.NodeInput.FaultDetected;
import org.fablab.node.domain.NodeInput.InterlockSensed;
import org.fablab.node.domain.NodeInput.PowerSampled;
import org.fablab.node.domain.NodeInput.RelaySensed;
import org.fablab.node.domain.NodeInput.Shutdown;
import org.fablab.node.domain.NodeInput.Tick;
import org.fablab.protocol.Command;
import org.fablab.protocol.CommandAction;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table of (given inputs, input) → (state, actions) for every rule of the session state machine. */
class SessionMachineTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final SessionSettings SETTINGS =
            new SessionSettings(Duration.ofSeconds(30), Duration.ofHours(2), Duration.ofSeconds(60), "test");
    private static final CredentialHasher HASHER = new CredentialHasher(TestVectors.pepper());
    private static final CredentialRef ALICE = HASHER.hash("mifare-uid", "04A1B2C3D4E5F6", false);
    private static final CredentialRef BOB = HASHER.hash("mifare-uid", "04B0B0B0B0B0B0", false);
    /** Bob's badge under the network pepper, read beside his lab hash on a node of a lab in a network of labs. */
    private static final String BOB_NETWORK =
            new CredentialHasher(TestVectors.networkPepper()).hash("mifare-uid", "04B0B0B0B0B0B0", false).hash();
    private static final AccessDecision ALICE_OK = new AccessDecision.Granted("m-alice", "Alice");
    private static final AccessDecision BOB_OK = new AccessDecision.Granted("m-bob", "Bob");
    private static final AccessDecision UNKNOWN = new AccessDecision.Denied("unknown-badge");

    private static final List<NodeInput> BOOTED = List.of(new Booted(T0, MachineState.IDLE, List.of()));
    private static final List<NodeInput> ACTIVE = plus(BOOTED, new BadgeRead(ALICE, ALICE_OK, T0));
    /** Alice badged again 10 s in: power is cut at T0 + 40 s. */
    private static final List<NodeInput> ENDING = plus(ACTIVE, new BadgeRead(ALICE, ALICE_OK, at(10)));
    private static final List<NodeInput> TIMEOUT_ENDING = plus(ACTIVE, new Tick(at(7200)));
    private static final List<NodeInput> BLOCKED = plus(BOOTED, command(CommandAction.LOCK, Map.of()));

    static Stream<Arguments> transitions() {
        return Stream.of(
                row("boot_withNothingToRecover_forcesRelayOffAndReportsBoot", List.of(),
                        new Booted(T0, MachineState.IDLE, List.of()), MachineState.IDLE,
                        off(), emit(new EventData.NodeBooted("test", 0)), show(Signal.READY)),
                row("boot_withInterruptedSession_closesItAtLastProgressAsPowerLoss", List.of(),
                        new Booted(T0, MachineState.IDLE,
                                List.of(new InterruptedSession("s-old", at(-3600), 600, 0, 0.0))),
                        MachineState.IDLE,
                        off(), emit(new EventData.SessionEnded("s-old", at(-3600), at(-3000), 600, 0, 0.0,
                                EndReason.POWER_LOSS, true)),
                        emit(new EventData.NodeBooted("test", 1)), show(Signal.READY)),
                row("boot_afterLock_staysBlocked", List.of(), new Booted(T0, MachineState.BLOCKED, List.of()),
                        MachineState.BLOCKED, off(), emit(new EventData.NodeBooted("test", 0)), show(Signal.LOCKED)),
                row("boot_withSessionStateRestored_startsIdleInstead", List.of(),
                        new Booted(T0, MachineState.ACTIVE, List.of()), MachineState.IDLE,
                        off(), emit(new EventData.NodeBooted("test", 0)), show(Signal.READY)),

                row("grantedBadge_whileIdle_recordsStartThenPowersOn", BOOTED, new BadgeRead(ALICE, ALICE_OK, T0),
                        MachineState.ACTIVE, started("s-1", T0, ALICE, "m-alice"), on(), show(Signal.IN_USE)),
                row("deniedBadge_whileIdle_emitsDeniedWithoutPowerChange", BOOTED, new BadgeRead(ALICE, UNKNOWN, T0),
                        MachineState.IDLE, emit(new EventData.BadgeDenied(ALICE, "unknown-badge")),
                        show(Signal.DENIED)),
                row("staleAcl_whileIdle_emitsDeniedWithItsReason", BOOTED,
                        new BadgeRead(ALICE, new AccessDecision.Denied("acl-stale"), T0), MachineState.IDLE,
                        emit(new EventData.BadgeDenied(ALICE, "acl-stale")), show(Signal.DENIED)),
                row("badgeRemoved_whileIdle_doesNothing", BOOTED, new BadgeRemoved(ALICE, T0), MachineState.IDLE),
                row("tick_whileIdle_doesNothing", BOOTED, new Tick(at(3600)), MachineState.IDLE),

                row("sameBadge_whileActive_entersGraceWithWarning", ACTIVE, new BadgeRead(ALICE, ALICE_OK, at(10)),
                        MachineState.ENDING, show(Signal.WARNING)),
                row("sameBadge_whileActive_entersGraceThenCutsPower", ENDING, new Tick(at(40)), MachineState.IDLE,
                        off(), ended("s-1", T0, at(40), EndReason.SAME_BADGE), show(Signal.READY)),
                row("sameBadgeDeniedMeanwhile_whileActive_stillEndsTheSession", ACTIVE,
                        new BadgeRead(ALICE, UNKNOWN, at(10)), MachineState.ENDING, show(Signal.WARNING)),
                row("tick_beforeGraceElapsed_keepsPowerOn", ENDING, new Tick(at(39)), MachineState.ENDING),
                row("sameBadge_duringGrace_resumesTheSession", ENDING, new BadgeRead(ALICE, ALICE_OK, at(20)),
                        MachineState.ACTIVE, show(Signal.IN_USE)),
                row("sameBadgeNowDenied_duringGrace_doesNotResume", ENDING, new BadgeRead(ALICE, UNKNOWN, at(20)),
                        MachineState.ENDING, emit(new EventData.BadgeDenied(ALICE, "unknown-badge")),
                        show(Signal.DENIED)),
                row("badgeOut_whileActive_entersGraceWithWarning", ACTIVE, new BadgeRemoved(ALICE, at(10)),
                        MachineState.ENDING, show(Signal.WARNING)),
                row("badgeOut_whileActive_entersGraceThenCutsPower", plus(ACTIVE, new BadgeRemoved(ALICE, at(10))),
                        new Tick(at(40)), MachineState.IDLE,
                        off(), ended("s-1", T0, at(40), EndReason.BADGE_OUT), show(Signal.READY)),
                row("badgeOutOfAnotherBadge_whileActive_isIgnored", ACTIVE, new BadgeRemoved(BOB, at(10)),
                        MachineState.ACTIVE),
                row("otherGrantedBadge_whileActive_takesOverWithoutPowerCut", ACTIVE,
                        new BadgeRead(BOB, BOB_OK, at(10)), MachineState.ACTIVE,
                        ended("s-1", T0, at(10), EndReason.TAKEOVER), started("s-2", at(10), BOB, "m-bob"), on(),
                        show(Signal.IN_USE)),
                row("otherDeniedBadge_whileActive_isDeniedWithItsReason", ACTIVE,
                        new BadgeRead(BOB, UNKNOWN, at(10)), MachineState.ACTIVE,
                        emit(new EventData.BadgeDenied(BOB, "unknown-badge")), show(Signal.DENIED)),
                row("otherDeniedBadgeWithANetworkHash_whileActive_isDeniedWithItsNetworkHash", ACTIVE,
                        new BadgeRead(BOB, UNKNOWN, at(10), BOB_NETWORK), MachineState.ACTIVE,
                        emit(new EventData.BadgeDenied(BOB, "unknown-badge", BOB_NETWORK)), show(Signal.DENIED)),
                row("powerSamples_withIdleAutoOffDisabled_neverEndTheSession", ACTIVE,
                        new PowerSampled(false, Double.NaN, at(7000)), MachineState.ACTIVE),
                row("otherGrantedBadge_duringGrace_takesOverWithoutPowerCut", ENDING,
                        new BadgeRead(BOB, BOB_OK, at(20)), MachineState.ACTIVE,
                        ended("s-1", T0, at(20), EndReason.TAKEOVER), started("s-2", at(20), BOB, "m-bob"), on(),
                        show(Signal.IN_USE)),
                row("otherDeniedBadge_duringGrace_isDenied", ENDING, new BadgeRead(BOB, UNKNOWN, at(20)),
                        MachineState.ENDING, emit(new EventData.BadgeDenied(BOB, "unknown-badge")),
                        show(Signal.DENIED)),

                row("progressInterval_elapsed_whileActive_emitsProgress", ACTIVE, new Tick(at(60)),
                        MachineState.ACTIVE, emit(new EventData.SessionProgress("s-1", 60, 0, 0.0))),
                row("tick_beforeProgressInterval_doesNothing", ACTIVE, new Tick(at(59)), MachineState.ACTIVE),
                row("progress_countsFromTheLastProgress", plus(ACTIVE, new Tick(at(70))), new Tick(at(129)),
                        MachineState.ACTIVE),
                row("maxSessionLength_reached_warnsAndEntersGrace", ACTIVE, new Tick(at(7200)), MachineState.ENDING,
                        emit(new EventData.SessionProgress("s-1", 7200, 0, 0.0)), show(Signal.WARNING)),
                row("maxSessionLength_reached_cutsPowerWithTimeoutAfterGrace", TIMEOUT_ENDING, new Tick(at(7230)),
                        MachineState.IDLE, off(), ended("s-1", T0, at(7230), EndReason.TIMEOUT), show(Signal.READY)),
                row("sameBadge_duringTimeoutGrace_cannotExtendTheSession", TIMEOUT_ENDING,
                        new BadgeRead(ALICE, ALICE_OK, at(7210)), MachineState.ENDING,
                        emit(new EventData.BadgeDenied(ALICE, "session-limit")), show(Signal.DENIED)),

                row("forceOff_whileActive_cutsPowerAndEndsSession", ACTIVE,
                        command(CommandAction.FORCE_OFF, Map.of(), at(300)), MachineState.IDLE,
                        off(), ended("s-1", T0, at(300), EndReason.FORCE_OFF), show(Signal.READY)),
                row("forceOff_duringGrace_cutsPowerAtOnce", ENDING, command(CommandAction.FORCE_OFF, Map.of(), at(20)),
                        MachineState.IDLE, off(), ended("s-1", T0, at(20), EndReason.FORCE_OFF), show(Signal.READY)),
                row("forceOff_whileIdle_onlyMakesSurePowerIsOff", BOOTED, command(CommandAction.FORCE_OFF, Map.of()),
                        MachineState.IDLE, off()),
                row("lock_whileIdle_blocksTheMachine", BOOTED,
                        command(CommandAction.LOCK, Map.of("reason", "broken mirror")), MachineState.BLOCKED,
                        off(), emit(new EventData.MachineStateChanged(MachineState.BLOCKED, "broken mirror")),
                        show(Signal.LOCKED)),
                row("lock_whileActive_endsSessionThenBlocks", ACTIVE, command(CommandAction.LOCK, Map.of(), at(300)),
                        MachineState.BLOCKED, off(), ended("s-1", T0, at(300), EndReason.FORCE_OFF),
                        emit(new EventData.MachineStateChanged(MachineState.BLOCKED, null)), show(Signal.LOCKED)),
                row("grantedBadge_whileBlocked_isDenied", BLOCKED, new BadgeRead(ALICE, ALICE_OK, at(5)),
                        MachineState.BLOCKED, emit(new EventData.BadgeDenied(ALICE, "machine-blocked")),
                        show(Signal.DENIED)),
                row("grantedBadgeWithANetworkHash_whileBlocked_isDeniedWithItsNetworkHash", BLOCKED,
                        new BadgeRead(BOB, BOB_OK, at(5), BOB_NETWORK), MachineState.BLOCKED,
                        emit(new EventData.BadgeDenied(BOB, "machine-blocked", BOB_NETWORK)), show(Signal.DENIED)),
                row("unlock_whileBlocked_returnsToIdle", BLOCKED, command(CommandAction.UNLOCK, Map.of()),
                        MachineState.IDLE, off(), emit(new EventData.MachineStateChanged(MachineState.IDLE, null)),
                        show(Signal.READY)),
                row("unlock_whileActive_isIgnored", ACTIVE, command(CommandAction.UNLOCK, Map.of()),
                        MachineState.ACTIVE),
                row("setState_outOfService_locksTheMachine", BOOTED,
                        command(CommandAction.SET_STATE, Map.of("state", "out-of-service", "reason", "tube")),
                        MachineState.OUT_OF_SERVICE, off(),
                        emit(new EventData.MachineStateChanged(MachineState.OUT_OF_SERVICE, "tube")),
                        show(Signal.LOCKED)),
                row("setState_toCheck_deniesBadgesWithItsReason",
                        plus(BOOTED, command(CommandAction.SET_STATE, Map.of("state", "to-check"))),
                        new BadgeRead(ALICE, ALICE_OK, at(5)), MachineState.TO_CHECK,
                        emit(new EventData.BadgeDenied(ALICE, "machine-to-check")), show(Signal.DENIED)),
                row("setState_sessionState_isIgnored", BOOTED,
                        command(CommandAction.SET_STATE, Map.of("state", "active")), MachineState.IDLE),
                row("setState_unknownState_isIgnored", BOOTED,
                        command(CommandAction.SET_STATE, Map.of("state", "party")), MachineState.IDLE),
                row("identify_showsIdentifySignal", ACTIVE, command(CommandAction.IDENTIFY, Map.of()),
                        MachineState.ACTIVE, show(Signal.IDENTIFY)),
                row("resync_changesNothingInTheMachine", ACTIVE, command(CommandAction.RESYNC, Map.of()),
                        MachineState.ACTIVE),

                row("fault_whileActive_cutsPowerEndsSessionAndFaults", ACTIVE,
                        new FaultDetected("internal-error", at(90)), MachineState.FAULT,
                        off(), ended("s-1", T0, at(90), EndReason.FAULT),
                        emit(new EventData.MachineStateChanged(MachineState.FAULT, "internal-error")),
                        show(Signal.FAULT)),
                row("grantedBadge_whileFault_isDenied", plus(BOOTED, new FaultDetected("internal-error", T0)),
                        new BadgeRead(ALICE, ALICE_OK, at(5)), MachineState.FAULT,
                        emit(new EventData.BadgeDenied(ALICE, "machine-fault")), show(Signal.DENIED)),
                row("unlock_whileFault_returnsToIdle", plus(BOOTED, new FaultDetected("internal-error", T0)),
                        command(CommandAction.UNLOCK, Map.of(), at(5)), MachineState.IDLE, off(),
                        emit(new EventData.MachineStateChanged(MachineState.IDLE, null)), show(Signal.READY)),
                row("shutdown_whileActive_cutsPowerAndEndsSession", ACTIVE, new Shutdown(at(100)), MachineState.IDLE,
                        off(), ended("s-1", T0, at(100), EndReason.POWER_LOSS)),
                row("shutdown_whileIdle_onlyCutsPower", BOOTED, new Shutdown(at(100)), MachineState.IDLE, off()));
    }

    /** With current sensing: idle auto-off after 10 minutes; interlocks; relay feedback and current faults. */
    static Stream<Arguments> sensingTransitions() {
        List<NodeInput> lidClosed = plus(ACTIVE, lid(true, T0));
        return Stream.of(
                row("interlockClosed_atStart_isSilent", BOOTED, lid(true, T0), MachineState.IDLE),
                row("interlockOpen_atStart_isReported", BOOTED, lid(false, T0), MachineState.IDLE,
                        emit(new EventData.InterlockChanged("lid", false))),
                row("grantedBadge_whileAnInterlockIsOpen_isDenied", plus(BOOTED, lid(false, T0)),
                        new BadgeRead(ALICE, ALICE_OK, at(5)), MachineState.IDLE,
                        emit(new EventData.BadgeDenied(ALICE, "interlock-open")), show(Signal.DENIED)),
                row("grantedBadge_afterTheInterlockClosedAgain_starts",
                        plus(plus(BOOTED, lid(false, T0)), lid(true, at(3))), new BadgeRead(ALICE, ALICE_OK, at(5)),
                        MachineState.ACTIVE, started("s-1", at(5), ALICE, "m-alice"), on(), show(Signal.IN_USE)),
                row("refuseStartInterlockOpening_whileActive_letsTheSessionGoOn", lidClosed, lid(false, at(60)),
                        MachineState.ACTIVE, emit(new EventData.InterlockChanged("lid", false))),
                row("interlockSameLevelAgain_isIgnored", lidClosed, lid(true, at(60)), MachineState.ACTIVE),
                row("takeover_whileAnInterlockIsOpen_isDenied", plus(lidClosed, lid(false, at(5))),
                        new BadgeRead(BOB, BOB_OK, at(10)), MachineState.ACTIVE,
                        emit(new EventData.BadgeDenied(BOB, "interlock-open")), show(Signal.DENIED)),
                row("stopSessionInterlockOpening_whileActive_cutsPowerAtOnce",
                        plus(ACTIVE, extractor(true, T0)), extractor(false, at(60)), MachineState.IDLE,
                        emit(new EventData.InterlockChanged("extractor", false)), off(),
                        ended("s-1", T0, at(60), EndReason.INTERLOCK), show(Signal.READY)),
                row("stopSessionInterlockOpening_duringGrace_cutsPowerAtOnce",
                        plus(plus(ACTIVE, extractor(true, T0)), new BadgeRead(ALICE, ALICE_OK, at(10))),
                        extractor(false, at(20)), MachineState.IDLE,
                        emit(new EventData.InterlockChanged("extractor", false)), off(),
                        ended("s-1", T0, at(20), EndReason.INTERLOCK), show(Signal.READY)),
                row("blockMachineInterlockOpening_whileActive_endsSessionAndBlocks",
                        plus(ACTIVE, estop(true, T0)), estop(false, at(60)), MachineState.BLOCKED,
                        emit(new EventData.InterlockChanged("e-stop", false)), off(),
                        ended("s-1", T0, at(60), EndReason.INTERLOCK),
                        emit(new EventData.MachineStateChanged(MachineState.BLOCKED, "interlock-e-stop")),
                        show(Signal.LOCKED)),
                row("blockMachineInterlockClosing_keepsTheMachineBlocked",
                        plus(plus(BOOTED, estop(true, T0)), estop(false, at(1))), estop(true, at(2)),
                        MachineState.BLOCKED, emit(new EventData.InterlockChanged("e-stop", true))),

                row("noCurrentForIdleAutoOff_whileActive_entersGrace", ACTIVE,
                        new PowerSampled(false, Double.NaN, at(600)), MachineState.ENDING, show(Signal.WARNING)),
                row("noCurrentShorterThanIdleAutoOff_keepsTheSession", ACTIVE,
                        new PowerSampled(false, Double.NaN, at(599)), MachineState.ACTIVE),
                row("currentSensedMeanwhile_restartsTheIdleTimer",
                        plus(ACTIVE, new PowerSampled(true, Double.NaN, at(300))),
                        new PowerSampled(false, Double.NaN, at(600)), MachineState.ACTIVE),
                row("idleEnding_cutsPowerWithReasonIdleAfterGrace",
                        plus(ACTIVE, new PowerSampled(false, Double.NaN, at(600))), new Tick(at(630)),
                        MachineState.IDLE, off(), ended("s-1", T0, at(630), EndReason.IDLE), show(Signal.READY)),
                row("sameBadge_duringIdleGrace_resumesTheSession",
                        plus(ACTIVE, new PowerSampled(false, Double.NaN, at(600))),
                        new BadgeRead(ALICE, ALICE_OK, at(610)), MachineState.ACTIVE, show(Signal.IN_USE)),

                row("relayFeedbackOff_whileActiveLongerThanTheDelay_faults",
                        plus(ACTIVE, new RelaySensed(false, at(1))), new RelaySensed(false, at(4)),
                        MachineState.FAULT, off(), ended("s-1", T0, at(4), EndReason.FAULT),
                        emit(new EventData.MachineStateChanged(MachineState.FAULT, "relay-stuck-off")),
                        show(Signal.FAULT)),
                row("relayFeedbackMismatch_shorterThanTheDelay_isTolerated",
                        plus(ACTIVE, new RelaySensed(false, at(1))), new RelaySensed(false, at(3)),
                        MachineState.ACTIVE),
                row("relayFeedbackAgreeingAgain_restartsTheDelay",
                        plus(plus(ACTIVE, new RelaySensed(false, at(1))), new RelaySensed(true, at(2))),
                        new RelaySensed(false, at(4)), MachineState.ACTIVE),
                row("relayFeedbackOn_whileIdle_faults", plus(BOOTED, new RelaySensed(true, T0)),
                        new RelaySensed(true, at(3)), MachineState.FAULT, off(),
                        emit(new EventData.MachineStateChanged(MachineState.FAULT, "relay-stuck-on")),
                        show(Signal.FAULT)),
                row("currentWithRelayOff_faults", plus(BOOTED, new PowerSampled(true, Double.NaN, T0)),
                        new PowerSampled(true, Double.NaN, at(3)), MachineState.FAULT, off(),
                        emit(new EventData.MachineStateChanged(MachineState.FAULT, "current-without-power")),
                        show(Signal.FAULT)),
                row("currentAfterPowerCut_briefly_isTolerated",
                        plus(plus(ACTIVE, command(CommandAction.FORCE_OFF, Map.of(), at(10))),
                                new PowerSampled(true, Double.NaN, at(10))),
                        new PowerSampled(false, Double.NaN, at(12)), MachineState.IDLE));
    }

    /** With to-check after use. */
    static Stream<Arguments> toCheckTransitions() {
        return Stream.of(
                row("sessionEnd_entersToCheck", ENDING, new Tick(at(40)), MachineState.TO_CHECK, off(),
                        ended("s-1", T0, at(40), EndReason.SAME_BADGE),
                        emit(new EventData.MachineStateChanged(MachineState.TO_CHECK, "after-use")),
                        show(Signal.LOCKED)),
                row("forceOff_entersToCheck", ACTIVE, command(CommandAction.FORCE_OFF, Map.of(), at(30)),
                        MachineState.TO_CHECK, off(), ended("s-1", T0, at(30), EndReason.FORCE_OFF),
                        emit(new EventData.MachineStateChanged(MachineState.TO_CHECK, "after-use")),
                        show(Signal.LOCKED)),
                row("takeover_doesNotLockTheMachine", ACTIVE, new BadgeRead(BOB, BOB_OK, at(10)),
                        MachineState.ACTIVE, ended("s-1", T0, at(10), EndReason.TAKEOVER),
                        started("s-2", at(10), BOB, "m-bob"), on(), show(Signal.IN_USE)),
                row("grantedBadge_whileToCheck_isDenied", plus(ENDING, new Tick(at(40))),
                        new BadgeRead(BOB, BOB_OK, at(50)), MachineState.TO_CHECK,
                        emit(new EventData.BadgeDenied(BOB, "machine-to-check")), show(Signal.DENIED)),
                row("setStateIdle_afterTheCheck_freesTheMachine", plus(ENDING, new Tick(at(40))),
                        command(CommandAction.SET_STATE, Map.of("state", "idle"), at(60)), MachineState.IDLE, off(),
                        emit(new EventData.MachineStateChanged(MachineState.IDLE, null)), show(Signal.READY)),
                row("shutdown_doesNotLockTheMachine", ACTIVE, new Shutdown(at(100)), MachineState.IDLE,
                        off(), ended("s-1", T0, at(100), EndReason.POWER_LOSS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sensingTransitions")
    void sensingTransition(String name, List<NodeInput> given, NodeInput when, MachineState expectedState,
                           List<NodeAction> expectedActions) {
        assertTransition(newMachine(new SessionSettings(Duration.ofSeconds(30), Duration.ofHours(2),
                Duration.ofSeconds(60), "test", Duration.ofMinutes(10), false)), name, given, when, expectedState,
                expectedActions);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toCheckTransitions")
    void toCheckTransition(String name, List<NodeInput> given, NodeInput when, MachineState expectedState,
                           List<NodeAction> expectedActions) {
        assertTransition(newMachine(new SessionSettings(Duration.ofSeconds(30), Duration.ofHours(2),
                Duration.ofSeconds(60), "test", Duration.ZERO, true)), name, given, when, expectedState,
                expectedActions);
    }

    @Test
    void meteredSession_reportsActiveTimeAndEnergy() {
        SessionMachine machine = newMachine();
        ACTIVE.forEach(machine::handle);
        for (int s = 1; s <= 6; s++) {
            machine.handle(new PowerSampled(true, 1200.0, at(s)));
        }
        for (int s = 7; s <= 9; s++) {
            machine.handle(new PowerSampled(false, 0.0, at(s)));
        }

        List<NodeAction> progress = machine.handle(new Tick(at(60)));
        List<NodeAction> end = machine.handle(command(CommandAction.FORCE_OFF, Map.of(), at(70)));

        assertThat(progress).containsExactly(emit(new EventData.SessionProgress("s-1", 60, 6, 2.0)));
        assertThat(end).contains(emit(new EventData.SessionEnded("s-1", T0, at(70), 70, 6, 2.0,
                EndReason.FORCE_OFF, false)));
    }

    @Test
    void powerLossMidSession_restartClosesItAtItsLastProgressOnce() {
        SessionMachine before = newMachine();
        ACTIVE.forEach(before::handle);
        before.handle(new PowerSampled(true, 600.0, at(10)));
        List<NodeAction> progress = before.handle(new Tick(at(60)));
        EventData.SessionProgress last = (EventData.SessionProgress) ((Emit) progress.get(0)).data();
        // The node dies here; what the store kept of the session is its start and last progress.
        InterruptedSession kept = new InterruptedSession(last.sessionId(), T0, last.wallSeconds(),
                last.activeSeconds(), last.energyWh());

        SessionMachine after = newMachine();
        List<NodeAction> boot = after.handle(new Booted(at(500), MachineState.IDLE, List.of(kept)));

        assertThat(boot).containsExactly(off(),
                emit(new EventData.SessionEnded("s-1", T0, at(60), 60, 10, last.energyWh(), EndReason.POWER_LOSS,
                        true)),
                emit(new EventData.NodeBooted("test", 1)), show(Signal.READY));
        assertThat(after.state()).isEqualTo(MachineState.IDLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void transition(String name, List<NodeInput> given, NodeInput when, MachineState expectedState,
                    List<NodeAction> expectedActions) {
        assertTransition(newMachine(), name, given, when, expectedState, expectedActions);
    }

    private static void assertTransition(SessionMachine machine, String name, List<NodeInput> given, NodeInput when,
                                         MachineState expectedState, List<NodeAction> expectedActions) {
        given.forEach(machine::handle);

        List<NodeAction> actions = machine.handle(when);

        assertThat(actions).as(name).containsExactlyElementsOf(expectedActions);
        assertThat(machine.state()).as(name).isEqualTo(expectedState);
    }

    @Test
    void inputBeforeBoot_throws() {
        SessionMachine machine = newMachine();

        assertThatThrownBy(() -> machine.handle(new Tick(T0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Booted");
    }

    @Test
    void everyKindOfInput_hasARule() {
        Map<Class<?>, NodeInput> samples = Map.of(
                Booted.class, new Booted(at(1), MachineState.IDLE, List.of()),
                BadgeRead.class, new BadgeRead(BOB, UNKNOWN, at(1)),
                BadgeRemoved.class, new BadgeRemoved(BOB, at(1)),
                Tick.class, new Tick(at(1)),
                CommandReceived.class, command(CommandAction.IDENTIFY, Map.of(), at(1)),
                FaultDetected.class, new FaultDetected("relay stuck", at(1)),
                InterlockSensed.class, lid(true, at(1)),
                PowerSampled.class, new PowerSampled(false, 0.0, at(1)),
                RelaySensed.class, new RelaySensed(false, at(1)),
                Shutdown.class, new Shutdown(at(1)));

        assertThat(samples.keySet()).as("a sample of every NodeInput")
                .containsExactlyInAnyOrder(NodeInput.class.getPermittedSubclasses());
        samples.values().forEach(input -> {
            SessionMachine machine = newMachine();
            if (!(input instanceof Booted)) {
                BOOTED.forEach(machine::handle);
            }
            assertThat(machine.handle(input)).as(input.getClass().getSimpleName()).isNotNull();
        });
    }

    @Test
    void resumedSession_endsLaterWithItsFullWallTime() {
        SessionMachine machine = newMachine();
        ENDING.forEach(machine::handle);
        machine.handle(new BadgeRead(ALICE, ALICE_OK, at(20)));
        machine.handle(new BadgeRead(ALICE, ALICE_OK, at(100)));

        List<NodeAction> actions = machine.handle(new Tick(at(130)));

        assertThat(actions).contains(ended("s-1", T0, at(130), EndReason.SAME_BADGE));
    }

    @Test
    void zeroGrace_sameBadge_cutsPowerAtOnce() {
        SessionMachine machine = new SessionMachine(
                new SessionSettings(Duration.ZERO, Duration.ofHours(2), Duration.ofSeconds(60), "test"), () -> "s-1");
        ACTIVE.forEach(machine::handle);

        List<NodeAction> actions = machine.handle(new BadgeRead(ALICE, ALICE_OK, at(10)));

        assertThat(actions).containsExactly(off(), ended("s-1", T0, at(10), EndReason.SAME_BADGE),
                show(Signal.READY));
        assertThat(machine.state()).isEqualTo(MachineState.IDLE);
    }

    private static SessionMachine newMachine() {
        return newMachine(SETTINGS);
    }

    private static SessionMachine newMachine(SessionSettings settings) {
        AtomicInteger ids = new AtomicInteger();
        return new SessionMachine(settings, () -> "s-" + ids.incrementAndGet());
    }

    private static NodeInput lid(boolean closed, Instant at) {
        return new InterlockSensed("lid", InterlockEffect.REFUSE_START, closed, at);
    }

    private static NodeInput extractor(boolean closed, Instant at) {
        return new InterlockSensed("extractor", InterlockEffect.STOP_SESSION, closed, at);
    }

    private static NodeInput estop(boolean closed, Instant at) {
        return new InterlockSensed("e-stop", InterlockEffect.BLOCK_MACHINE, closed, at);
    }

    private static Arguments row(String name, List<NodeInput> given, NodeInput when, MachineState state,
                                 NodeAction... actions) {
        return Arguments.of(name, given, when, state, List.of(actions));
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static List<NodeInput> plus(List<NodeInput> inputs, NodeInput next) {
        List<NodeInput> all = new ArrayList<>(inputs);
        all.add(next);
        return List.copyOf(all);
    }

    private static NodeInput command(CommandAction action, Map<String, String> args) {
        return command(action, args, T0);
    }

    private static NodeInput command(CommandAction action, Map<String, String> args, Instant at) {
        return new CommandReceived(new Command(1, "demo-lab", "laser-1", at, "c-" + action.wire(), action, args), at);
    }

    private static NodeAction off() {
        return new SwitchPower(false);
    }

    private static NodeAction on() {
        return new SwitchPower(true);
    }

    private static NodeAction show(Signal signal) {
        return new Indicate(signal);
    }

    private static NodeAction emit(EventData data) {
        return new Emit(data);
    }

    private static NodeAction started(String id, Instant at, CredentialRef credential, String memberId) {
        return emit(new EventData.SessionStarted(id, at, credential, memberId, true));
    }

    private static NodeAction ended(String id, Instant from, Instant to, EndReason reason) {
        return emit(new EventData.SessionEnded(id, from, to, Duration.between(from, to).getSeconds(), 0, 0.0, reason,
                false));
    }
}

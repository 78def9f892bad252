package org.fablab.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Decision;
import org.fablab.protocol.EventData;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.Message;
import org.fablab.protocol.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LiveAuthTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final CredentialHasher HASHER = new CredentialHasher(TestVectors.pepper());
    private static final CredentialRef ALICE = HASHER.hash("mifare-uid", "04A1B2C3D4E5F6", false);
    private static final CredentialRef BOB = HASHER.hash("mifare-uid", "04B0B0B0B0B0B0", false);
    private static final AccessDecision CACHED_GRANT = new AccessDecision.Granted("m-alice", "Alice");

    private final LiveAuth live = new LiveAuth(TIMEOUT, false);

    @ParameterizedTest(name = "cached denial {0} -> ask")
    @ValueSource(strings = {"no-acl", "acl-stale", "unknown-badge"})
    void cachedDenialTheGatewayMayKnowBetter_whileConnected_asksLive(String reason) {
        LiveAuth.Step step = live.badge(ALICE, new AccessDecision.Denied(reason), true, NOW, "r-1");

        assertThat(step).isEqualTo(new LiveAuth.Ask("r-1", ALICE, NOW.plus(TIMEOUT)));
        assertThat(live.pendingCount()).isEqualTo(1);
    }

    @Test
    void staleAcl_whileDisconnected_decidesFromTheCacheAtOnce() {
        AccessDecision stale = new AccessDecision.Denied("acl-stale");

        assertThat(live.badge(ALICE, stale, false, NOW, "r-1")).isEqualTo(new LiveAuth.Decide(ALICE, stale));
        assertThat(live.pendingCount()).isZero();
    }

    @Test
    void cachedGrant_orDenialOfTheMachineItself_isNotAskedAbout() {
        AccessDecision blocked = new AccessDecision.Denied("machine-blocked");

        assertThat(live.badge(ALICE, CACHED_GRANT, true, NOW, "r-1")).isEqualTo(new LiveAuth.Decide(ALICE, CACHED_GRANT));
        assertThat(live.badge(BOB, blocked, true, NOW, "r-2")).isEqualTo(new LiveAuth.Decide(BOB, blocked));
    }

    @Test
    void alwaysAsk_asksEvenWhenTheCacheGrants() {
        LiveAuth always = new LiveAuth(TIMEOUT, true);

        assertThat(always.badge(ALICE, CACHED_GRANT, true, NOW, "r-1")).isInstanceOf(LiveAuth.Ask.class);
    }

    @Test
    void grantedAnswerInTime_winsOverTheCachedDenial_andIsMarkedLive() {
        live.badge(ALICE, new AccessDecision.Denied("unknown-badge"), true, NOW, "r-1");

        assertThat(live.answered(granted("r-1", 0), NOW.plusMillis(300)))
                .contains(new LiveAuth.Settled(ALICE, new AccessDecision.Granted("m-alice", "Alice", true), true));
        assertThat(live.pendingCount()).isZero();
    }

    @Test
    void deniedAnswerInTime_winsOverTheCachedGrant_withTheGatewaysReason() {
        LiveAuth always = new LiveAuth(TIMEOUT, true);
        always.badge(ALICE, CACHED_GRANT, true, NOW, "r-1");
        AuthResponse denied = new AuthResponse(Message.VERSION, "lab", "node", NOW, "r-1", Decision.DENIED,
                "insufficient-balance", null, 0);

        assertThat(always.answered(denied, NOW.plusMillis(10))).contains(
                new LiveAuth.Settled(ALICE, new AccessDecision.Denied("insufficient-balance"), true));
    }

    @Test
    void noAnswerByTheDeadline_theCachedDecisionApplies_andALateAnswerIsIgnored() {
        AccessDecision stale = new AccessDecision.Denied("acl-stale");
        live.badge(ALICE, stale, true, NOW, "r-1");

        assertThat(live.expired(NOW.plus(TIMEOUT))).isEmpty();
        assertThat(live.expired(NOW.plus(TIMEOUT).plusMillis(1))).containsExactly(new LiveAuth.Settled(ALICE, stale,
                false));
        assertThat(live.answered(granted("r-1", 30), NOW.plusSeconds(3))).isEmpty();
    }

    @Test
    void answerForAnUnknownReqId_isIgnored() {
        live.badge(ALICE, new AccessDecision.Denied("unknown-badge"), true, NOW, "r-1");

        assertThat(live.answered(granted("r-other", 0), NOW)).isEmpty();
        assertThat(live.pendingCount()).isEqualTo(1);
    }

    @Test
    void sameBadgeAgainWhileWaiting_isDroppedNotAskedTwice() {
        live.badge(ALICE, new AccessDecision.Denied("unknown-badge"), true, NOW, "r-1");

        assertThat(live.badge(ALICE, new AccessDecision.Denied("unknown-badge"), true, NOW.plusMillis(200), "r-2"))
                .isEqualTo(new LiveAuth.Waiting("r-1"));
    }

    @Test
    void grantWithTtl_isReusedForTheSameBadgeUntilItRunsOut() {
        AccessDecision unknown = new AccessDecision.Denied("unknown-badge");
        live.badge(ALICE, unknown, true, NOW, "r-1");
        live.answered(granted("r-1", 30), NOW.plusMillis(100));
        AccessDecision.Granted liveGrant = new AccessDecision.Granted("m-alice", "Alice", true);

        assertThat(live.badge(ALICE, unknown, true, NOW.plusSeconds(20), "r-2"))
                .isEqualTo(new LiveAuth.Decide(ALICE, liveGrant));
        assertThat(live.badge(ALICE, unknown, true, NOW.plusSeconds(31), "r-3")).isInstanceOf(LiveAuth.Ask.class);
    }

    @Test
    void newAcl_forgetsReusableGrants() {
        AccessDecision unknown = new AccessDecision.Denied("unknown-badge");
        live.badge(ALICE, unknown, true, NOW, "r-1");
        live.answered(granted("r-1", 30), NOW.plusMillis(100));

        live.forgetAnswers();

        assertThat(live.badge(ALICE, unknown, true, NOW.plusSeconds(1), "r-2")).isInstanceOf(LiveAuth.Ask.class);
    }

    @Test
    void requestThatCouldNotBeSent_isSettledWithTheCachedDecision() {
        AccessDecision stale = new AccessDecision.Denied("acl-stale");
        live.badge(ALICE, stale, true, NOW, "r-1");

        assertThat(live.unsent("r-1")).contains(new LiveAuth.Settled(ALICE, stale, false));
        assertThat(live.pendingCount()).isZero();
    }

    @Test
    void questionsAboutBadgesWithANetworkHash_areSettledWithTheirHash_byAnswerFailedSendOrDeadline() {
        CredentialHasher network = new CredentialHasher(TestVectors.networkPepper());
        String aliceNetwork = network.hash("mifare-uid", "04A1B2C3D4E5F6", false).hash();
        String bobNetwork = network.hash("mifare-uid", "04B0B0B0B0B0B0", false).hash();
        AccessDecision unknown = new AccessDecision.Denied("unknown-badge");
        live.badge(ALICE, aliceNetwork, unknown, true, NOW, "r-1");
        live.badge(BOB, bobNetwork, unknown, true, NOW, "r-2");

        assertThat(live.answered(granted("r-1", 0), NOW.plusMillis(10))).hasValueSatisfying(
                settled -> assertThat(settled.networkHash()).isEqualTo(aliceNetwork));
        assertThat(live.unsent("r-2")).hasValueSatisfying(
                settled -> assertThat(settled.networkHash()).isEqualTo(bobNetwork));
        live.badge(BOB, bobNetwork, unknown, true, NOW, "r-3");
        assertThat(live.expired(NOW.plus(TIMEOUT).plusMillis(1))).singleElement().satisfies(
                settled -> assertThat(settled.networkHash()).isEqualTo(bobNetwork));
    }

    @Test
    void liveGrant_startsASessionMarkedOnline() {
        SessionMachine machine = new SessionMachine(new SessionSettings(Duration.ZERO, Duration.ofHours(8),
                Duration.ofMinutes(1), "test", Duration.ZERO, false), () -> "s-1");
        machine.handle(new NodeInput.Booted(NOW, MachineState.IDLE, List.of()));

        List<NodeAction> actions = machine.handle(new NodeInput.BadgeRead(ALICE, new AccessDecision.Granted("m-alice", "Alice",
                true), NOW));

        assertThat(actions).anySatisfy(action -> assertThat(action).isInstanceOfSatisfying(NodeAction.Emit.class,
                emit -> assertThat(emit.data()).isInstanceOfSatisfying(
                        EventData.SessionStarted.class, started ->
                                assertThat(started.offline()).isFalse())));
    }

    private static AuthResponse granted(String reqId, long ttl) {
        return new AuthResponse(Message.VERSION, "lab", "node", NOW, reqId, Decision.GRANTED, null,
                new AuthResponse.Member("m-alice", "Alice"), ttl);
    }
}

package org.fablab.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AccessPolicyTest {
    private static final Instant ISSUED = Instant.parse("2026-11-23T10:00:00Z");
    private static final CredentialHasher HASHER = new CredentialHasher(TestVectors.pepper());
    private static final CredentialRef ALICE = HASHER.hash("mifare-uid", "04A1B2C3D4E5F6", false);
    private static final CredentialRef STRANGER = HASHER.hash("mifare-uid", "04FFFFFFFFFFFF", false);

    @Test
    void noAcl_deniesWithNoAcl() {
        assertThat(AccessPolicy.empty().decide(ALICE, ISSUED)).isEqualTo(new AccessDecision.Denied("no-acl"));
    }

    @Test
    void knownBadge_freshAcl_isGrantedWithItsMember() {
        AccessPolicy policy = AccessPolicy.of(acl(OfflinePolicy.CACHED, Duration.ofHours(24), 1));

        assertThat(policy.decide(ALICE, ISSUED.plusSeconds(60)))
                .isEqualTo(new AccessDecision.Granted("m-alice", "Alice"));
    }

    @Test
    void unknownBadge_freshAcl_deniesWithUnknownBadge() {
        AccessPolicy policy = AccessPolicy.of(acl(OfflinePolicy.CACHED, Duration.ofHours(24), 1));

        assertThat(policy.decide(STRANGER, ISSUED)).isEqualTo(new AccessDecision.Denied("unknown-badge"));
    }

    static Stream<Arguments> stalenessBoundaries() {
        return Stream.of(
                Arguments.of(OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15), Duration.ofMinutes(15), true),
                Arguments.of(OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15),
                        Duration.ofMinutes(15).plusNanos(1_000_000), false),
                Arguments.of(OfflinePolicy.CACHED, Duration.ofHours(24), Duration.ofHours(24), true),
                Arguments.of(OfflinePolicy.CACHED, Duration.ofHours(24), Duration.ofHours(24).plusSeconds(1), false),
                Arguments.of(OfflinePolicy.FAIL_CLOSED, Duration.ZERO, Duration.ZERO, true),
                Arguments.of(OfflinePolicy.FAIL_CLOSED, Duration.ZERO, Duration.ofMillis(1), false));
    }

    @ParameterizedTest(name = "{0} maxStaleness {1}, age {2} -> granted {3}")
    @MethodSource("stalenessBoundaries")
    void aclAge_atAndPastMaxStaleness(OfflinePolicy offline, Duration maxStaleness, Duration age, boolean granted) {
        AccessPolicy policy = AccessPolicy.of(acl(offline, maxStaleness, 1));

        AccessDecision decision = policy.decide(ALICE, ISSUED.plus(age));

        if (granted) {
            assertThat(decision).isInstanceOf(AccessDecision.Granted.class);
        } else {
            assertThat(decision).isEqualTo(new AccessDecision.Denied("acl-stale"));
        }
    }

    @ParameterizedTest
    @EnumSource(OfflinePolicy.class)
    void staleAcl_deniesEvenAnUnknownBadgeAsStale(OfflinePolicy offline) {
        AccessPolicy policy = AccessPolicy.of(acl(offline, Duration.ofMinutes(15), 1));

        assertThat(policy.decide(STRANGER, ISSUED.plus(Duration.ofHours(1))))
                .isEqualTo(new AccessDecision.Denied("acl-stale"));
    }

    @Test
    void isReplacedBy_onlyAHigherVersion() {
        AccessPolicy policy = AccessPolicy.of(acl(OfflinePolicy.CACHED, Duration.ofHours(1), 5));

        assertThat(policy.isReplacedBy(acl(OfflinePolicy.CACHED, Duration.ofHours(1), 6))).isTrue();
        assertThat(policy.isReplacedBy(acl(OfflinePolicy.CACHED, Duration.ofHours(1), 5))).isFalse();
        assertThat(policy.isReplacedBy(acl(OfflinePolicy.CACHED, Duration.ofHours(1), 4))).isFalse();
        assertThat(AccessPolicy.empty().isReplacedBy(acl(OfflinePolicy.CACHED, Duration.ofHours(1), 0))).isTrue();
    }

    @Test
    void renewedSnapshot_withTheSameEntries_replacesTheOldOne_andRestartsItsStaleness() {
        Duration limit = Duration.ofMinutes(15);
        AclSnapshot first = acl(OfflinePolicy.FAIL_CLOSED, limit, ISSUED.toEpochMilli(), ISSUED);
        Instant renewedAt = ISSUED.plus(Duration.ofMinutes(5));
        AclSnapshot renewed = acl(OfflinePolicy.FAIL_CLOSED, limit, renewedAt.toEpochMilli(), renewedAt);
        AccessPolicy policy = AccessPolicy.of(first);
        Instant pastTheFirstLimit = ISSUED.plus(limit).plusSeconds(1);
        assertThat(policy.decide(ALICE, pastTheFirstLimit)).isEqualTo(new AccessDecision.Denied("acl-stale"));

        assertThat(renewed.entries()).isEqualTo(first.entries());
        assertThat(policy.isReplacedBy(renewed)).isTrue();
        AccessPolicy renewedPolicy = AccessPolicy.of(renewed);

        assertThat(renewedPolicy.decide(ALICE, pastTheFirstLimit)).isInstanceOf(AccessDecision.Granted.class);
        assertThat(renewedPolicy.decide(ALICE, renewedAt.plus(limit))).isInstanceOf(AccessDecision.Granted.class);
        assertThat(renewedPolicy.decide(ALICE, renewedAt.plus(limit).plusMillis(1)))
                .isEqualTo(new AccessDecision.Denied("acl-stale"));
        assertThat(renewedPolicy.isReplacedBy(first)).as("the older snapshot replayed").isFalse();
    }

    private static AclSnapshot acl(OfflinePolicy offline, Duration maxStaleness, long version) {
        return acl(offline, maxStaleness, version, ISSUED);
    }

    private static AclSnapshot acl(OfflinePolicy offline, Duration maxStaleness, long version, Instant issued) {
        return new AclSnapshot(1, "demo-lab", "laser-1", issued, version, offline, maxStaleness,
                List.of(new AclSnapshot.Entry(ALICE.hash(), "m-alice", "Alice", false)));
    }
}

package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.port.AuditLog;
import org.fablab.gateway.port.FakeNodeActivation;
import org.fablab.gateway.port.ManualClock;
import org.fablab.gateway.port.RecordingBrokerAccounts;
import org.fablab.gateway.service.EnrollmentService;
import org.fablab.gateway.service.EnrollmentService.Redemption;
import org.fablab.gateway.service.EnrollmentService.Refusal;
import org.fablab.gateway.service.EnrollmentService.Rotation;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.KeyRotation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Enrollment tokens and key rotation over a real database: the behaviour every database must have. */
abstract class EnrollmentContract {
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final String CLIENT = "192.0.2.7";
    static final String GATEWAY_KEY = Ed25519Keys.encode(Ed25519Keys.generate().getPublic());
    static final String PEPPER = "00112233445566778899aabbccddeeff";

    private Database database;
    private final ManualClock clock = new ManualClock(T0);
    private final FakeNodeActivation activation = new FakeNodeActivation();
    private final RecordingBrokerAccounts brokers = new RecordingBrokerAccounts();
    private EnrollmentService enrollments;
    private JdbcAuditLog audit;

    abstract Database openEmptyDatabase();

    abstract void dropDatabase();

    @BeforeEach
    void open() {
        database = openEmptyDatabase();
        audit = new JdbcAuditLog(database.dataSource());
        enrollments = new EnrollmentService(new JdbcEnrollmentStore(database.dataSource()), activation, brokers,
                new EnrollmentService.Settings("lab-a", "ssl://gateway.lab:8883", GATEWAY_KEY, PEPPER, "PEM", null),
                new JdbcFailureLog(database.dataSource()), clock, new SecureRandom());
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase();
    }

    private EnrollmentService.Created create() {
        return enrollments.create("admin", "laser-1", "laser", Optional.empty());
    }

    private static String key(KeyPair pair) {
        return Ed25519Keys.encode(pair.getPublic());
    }

    private List<AuditEntry> auditOf(String action) {
        return audit.entries(new AuditLog.Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), 0, 100).entries().stream().map(AuditLog.Line::entry).toList().stream()
                .filter(e -> e.action().equals(action)).toList();
    }

    @Test
    void redeemingAToken_activatesTheKey_grantsTheBrokerUser_andAnswersWhatTheNodeNeeds() {
        EnrollmentService.Created created = create();
        KeyPair node = Ed25519Keys.generate();

        Redemption outcome = enrollments.redeem(created.token(), key(node), "1.2.3", CLIENT);

        assertThat(outcome).isInstanceOf(Redemption.Enrolled.class);
        EnrollmentService.Grant grant = ((Redemption.Enrolled) outcome).grant();
        assertThat(grant.lab()).isEqualTo("lab-a");
        assertThat(grant.nodeId()).isEqualTo("laser-1");
        assertThat(grant.machineId()).isEqualTo("laser");
        assertThat(grant.brokerUrl()).isEqualTo("ssl://gateway.lab:8883");
        assertThat(grant.mqttUsername()).isEqualTo("laser-1");
        assertThat(grant.mqttPassword()).hasSizeGreaterThanOrEqualTo(32).isEqualTo(brokers.passwords().get("laser-1"));
        assertThat(grant.gatewayPublicKey()).isEqualTo(GATEWAY_KEY);
        assertThat(grant.labPepper()).isEqualTo(PEPPER);
        assertThat(grant.caCertificate()).isEqualTo("PEM");
        assertThat(grant.fingerprint()).isEqualTo(Ed25519Keys.fingerprint(node.getPublic()));
        assertThat(activation.activeKey("laser-1")).contains(key(node));
        assertThat(activation.calls()).containsExactly("expect laser-1 laser by admin",
                "activate laser-1 by node:laser-1");
        assertThat(auditOf("enrollment.created")).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("admin"));
        assertThat(auditOf("enrollment.redeemed")).singleElement().satisfies(e -> {
            assertThat(e.subjectId()).isEqualTo("laser-1");
            assertThat(e.machineId()).isEqualTo("laser");
            assertThat(e.params()).containsEntry("fingerprint", grant.fingerprint()).containsEntry("from", CLIENT)
                    .containsEntry("software", "1.2.3");
        });
        assertThat(enrollments.open()).isEmpty();
    }

    @Test
    void aTokenIsSingleUse_theSecondRedemptionIsRefusedAsUsedAndAudited() {
        EnrollmentService.Created created = create();
        enrollments.redeem(created.token(), key(Ed25519Keys.generate()), "1", CLIENT);

        Redemption again = enrollments.redeem(created.token(), key(Ed25519Keys.generate()), "1", "198.51.100.9");

        assertThat(again).isEqualTo(new Redemption.Refused(Refusal.USED, ((Redemption.Refused) again).detail()));
        assertThat(((Redemption.Refused) again).detail()).contains("already used");
        assertThat(auditOf("enrollment.refused")).singleElement().satisfies(e -> {
            assertThat(e.subjectId()).isEqualTo("laser-1");
            assertThat(e.reason()).isEqualTo("used");
            assertThat(e.params()).containsEntry("from", "198.51.100.9");
        });
        assertThat(activation.calls()).hasSize(2);
    }

    @Test
    void aTokenPastItsExpiry_isRefusedAsExpired() {
        EnrollmentService.Created created = create();
        assertThat(created.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        clock.advance(Duration.ofMinutes(30));

        Redemption late = enrollments.redeem(created.token(), key(Ed25519Keys.generate()), "1", CLIENT);

        assertThat(late).isInstanceOf(Redemption.Refused.class);
        assertThat(((Redemption.Refused) late).reason()).isEqualTo(Refusal.EXPIRED);
        assertThat(((Redemption.Refused) late).detail()).contains("expired");
        assertThat(auditOf("enrollment.refused")).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("expired"));
        assertThat(activation.activeKey("laser-1")).isEmpty();
        assertThat(brokers.passwords()).isEmpty();
    }

    @Test
    void anUnknownOrMalformedToken_isRefusedAsUnknown_auditedWithTheClientAddress() {
        create();
        Redemption wrong = enrollments.redeem("AAAAAAAAAAAAAAAAAAAAAAAAAAA", key(Ed25519Keys.generate()), "1", CLIENT);
        Redemption junk = enrollments.redeem("'; drop table enrollments; --", key(Ed25519Keys.generate()), "1",
                CLIENT);

        assertThat(List.of(wrong, junk)).allSatisfy(r -> {
            assertThat(((Redemption.Refused) r).reason()).isEqualTo(Refusal.UNKNOWN);
            assertThat(((Redemption.Refused) r).detail()).contains("unknown enrollment token");
        });
        assertThat(auditOf("enrollment.refused")).hasSize(2).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("anonymous");
            assertThat(e.subjectId()).isEqualTo("unknown");
            assertThat(e.reason()).isEqualTo("unknown");
            assertThat(e.params()).containsEntry("from", CLIENT);
        });
        assertThat(enrollments.open()).hasSize(1);
    }

    @Test
    void pastTwentyRefusalsFromOneAddress_itsRequestsAreTurnedAway_unaudited_untilTheWindowPasses() {
        EnrollmentService.Created created = create();
        for (int i = 0; i < EnrollmentService.MAX_REFUSALS; i++) {
            enrollments.redeem("guess" + i, key(Ed25519Keys.generate()), "1", "203.0.113.5");
        }

        Redemption throttled = enrollments.redeem(created.token(), key(Ed25519Keys.generate()), "1", "203.0.113.5");
        Rotation rotation = enrollments.rotate("laser-1", key(Ed25519Keys.generate()), T0, "AA", "203.0.113.5");

        assertThat(throttled).isInstanceOf(Redemption.Throttled.class);
        assertThat(rotation).isInstanceOf(Rotation.Throttled.class);
        assertThat(auditOf("enrollment.refused")).hasSize(EnrollmentService.MAX_REFUSALS);
        assertThat(enrollments.redeem(created.token(), key(Ed25519Keys.generate()), "1", CLIENT))
                .isInstanceOf(Redemption.Enrolled.class);
        clock.advance(EnrollmentService.REFUSAL_WINDOW.plusSeconds(1));
        assertThat(enrollments.redeem(created.token(), key(Ed25519Keys.generate()), "1", "203.0.113.5"))
                .isInstanceOf(Redemption.Refused.class);
    }

    @Test
    void aNewEnrollmentOfTheSameNode_supersedesTheOpenOne() {
        EnrollmentService.Created first = create();
        EnrollmentService.Created second = create();

        Redemption old = enrollments.redeem(first.token(), key(Ed25519Keys.generate()), "1", CLIENT);

        assertThat(((Redemption.Refused) old).reason()).isEqualTo(Refusal.SUPERSEDED);
        assertThat(enrollments.redeem(second.token(), key(Ed25519Keys.generate()), "1", CLIENT))
                .isInstanceOf(Redemption.Enrolled.class);
    }

    @Test
    void theTokenIsNeitherStoredNorAudited_onlyItsHash() throws Exception {
        EnrollmentService.Created created = create();
        enrollments.redeem(created.token(), key(Ed25519Keys.generate()), "1", CLIENT);
        enrollments.redeem(created.token(), key(Ed25519Keys.generate()), "1", CLIENT);

        StringBuilder everything = new StringBuilder();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("enrollments", "audit_log")) {
                try (ResultSet rs = s.executeQuery("select * from " + table)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            everything.append(rs.getString(i)).append('|');
                        }
                    }
                }
            }
        }
        assertThat(created.token()).hasSizeGreaterThanOrEqualTo(27);
        assertThat(everything.toString()).doesNotContain(created.token());
    }

    @Test
    void twoRedemptionsAtOnce_exactlyOneWins() throws Exception {
        int racers = 8;
        for (int round = 0; round < 5; round++) {
            EnrollmentService.Created created = create();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                List<Future<Redemption>> results = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    String client = "198.51.100." + (round * racers + i);
                    Callable<Redemption> redeem = () -> {
                        start.await();
                        return enrollments.redeem(created.token(), key(Ed25519Keys.generate()), "1", client);
                    };
                    results.add(pool.submit(redeem));
                }
                start.countDown();
                List<Redemption> outcomes = new ArrayList<>();
                for (Future<Redemption> result : results) {
                    outcomes.add(result.get());
                }
                assertThat(outcomes).filteredOn(Redemption.Enrolled.class::isInstance).hasSize(1);
                assertThat(outcomes).filteredOn(Redemption.Refused.class::isInstance).hasSize(racers - 1)
                        .allSatisfy(r -> assertThat(((Redemption.Refused) r).reason()).isEqualTo(Refusal.USED));
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(auditOf("enrollment.redeemed")).hasSize(5);
    }

    @Test
    void whenActivationFails_theTokenStaysRedeemable() {
        EnrollmentService failing = new EnrollmentService(new JdbcEnrollmentStore(database.dataSource()), activation,
                new org.fablab.gateway.port.BrokerAccounts() {
                    @Override
                    public void grantNode(String nodeId, char[] password) {
                        throw new IllegalStateException("broker down");
                    }

                    @Override
                    public void revokeNode(String nodeId) {
                    }
                }, new EnrollmentService.Settings("lab-a", "ssl://b:8883", GATEWAY_KEY, PEPPER, null, null),
                new JdbcFailureLog(database.dataSource()), clock, new SecureRandom());
        EnrollmentService.Created created = failing.create("admin", "laser-1", "laser", Optional.empty());

        assertThatThrownBy(() -> failing.redeem(created.token(), key(Ed25519Keys.generate()), "1", CLIENT))
                .hasMessage("broker down");

        assertThat(enrollments.redeem(created.token(), key(Ed25519Keys.generate()), "1", CLIENT))
                .isInstanceOf(Redemption.Enrolled.class);
    }

    @Test
    void aTtlOutsideOneMinuteToADay_isRefused_andABadKeyDoesNotSpendTheToken() {
        assertThatThrownBy(() -> enrollments.create("admin", "laser-1", "laser", Optional.of(Duration.ofSeconds(30))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> enrollments.create("admin", "laser-1", "laser", Optional.of(Duration.ofHours(25))))
                .isInstanceOf(IllegalArgumentException.class);
        EnrollmentService.Created created = create();

        assertThatThrownBy(() -> enrollments.redeem(created.token(), "not-a-key", "1", CLIENT))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(enrollments.redeem(created.token(), key(Ed25519Keys.generate()), "1", CLIENT))
                .isInstanceOf(Redemption.Enrolled.class);
    }

    @Test
    void aRotationSignedByTheCurrentKey_switchesKeys_andTheOldKeyAndAReplayAreRefused() {
        KeyPair first = Ed25519Keys.generate();
        enrollments.redeem(create().token(), key(first), "1", CLIENT);
        KeyPair second = Ed25519Keys.generate();
        String signature = KeyRotation.sign(first.getPrivate(), "lab-a", "laser-1", key(second), T0);

        Rotation rotated = enrollments.rotate("laser-1", key(second), T0, signature, CLIENT);

        assertThat(rotated).isEqualTo(new Rotation.Rotated(Ed25519Keys.fingerprint(second.getPublic())));
        assertThat(activation.activeKey("laser-1")).contains(key(second));
        Rotation replayed = enrollments.rotate("laser-1", key(second), T0, signature, CLIENT);
        assertThat(replayed).isInstanceOf(Rotation.Refused.class);
        KeyPair third = Ed25519Keys.generate();
        Rotation byOldKey = enrollments.rotate("laser-1", key(third), T0,
                KeyRotation.sign(first.getPrivate(), "lab-a", "laser-1", key(third), T0), CLIENT);
        assertThat(byOldKey).isInstanceOf(Rotation.Refused.class);
        assertThat(((Rotation.Refused) byOldKey).detail()).contains("signature");
        assertThat(activation.activeKey("laser-1")).contains(key(second));
        assertThat(auditOf("node.key-rotated")).singleElement()
                .satisfies(e -> assertThat(e.params()).containsEntry("fingerprint",
                        Ed25519Keys.fingerprint(second.getPublic())));
        assertThat(auditOf("node.key-rotation-refused")).hasSize(2)
                .allSatisfy(e -> assertThat(e.subjectId()).isEqualTo("laser-1"));
    }

    @Test
    void aRotationWithAStaleTs_orForAnotherNodeOrLab_isRefused() {
        KeyPair first = Ed25519Keys.generate();
        enrollments.redeem(create().token(), key(first), "1", CLIENT);
        KeyPair next = Ed25519Keys.generate();
        Instant old = T0.minus(Duration.ofMinutes(6));

        Rotation stale = enrollments.rotate("laser-1", key(next), old,
                KeyRotation.sign(first.getPrivate(), "lab-a", "laser-1", key(next), old), CLIENT);
        Rotation otherLab = enrollments.rotate("laser-1", key(next), T0,
                KeyRotation.sign(first.getPrivate(), "lab-b", "laser-1", key(next), T0), CLIENT);
        Rotation unknownNode = enrollments.rotate("drill-1", key(next), T0,
                KeyRotation.sign(first.getPrivate(), "lab-a", "drill-1", key(next), T0), CLIENT);

        assertThat(((Rotation.Refused) stale).detail()).contains("clock");
        assertThat(((Rotation.Refused) otherLab).detail()).contains("signature");
        assertThat(((Rotation.Refused) unknownNode).detail()).contains("no active key");
        assertThat(activation.activeKey("laser-1")).contains(key(first));
    }
}

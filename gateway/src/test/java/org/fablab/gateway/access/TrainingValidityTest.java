package org.fablab.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainingValidityTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant GRANTED = Instant.parse("2026-03-01T10:00:00Z");
    private static final Training TRAINING = new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
            Set.of("laser-cutter"), new TrainingValidity.Forever());

    private static CertificationState evaluate(TrainingValidity validity, Optional<Instant> lastUse, Instant now) {
        Training training = new Training(TRAINING.id(), TRAINING.name(), TRAINING.category(), TRAINING.machineKinds(),
                validity);
        Certification cert = new Certification("c-1", "m-1", training.id(), "t-1", GRANTED, null,
                CertificationStatus.ACTIVE);
        return CertificationRules.evaluate(cert, training, lastUse, now, PARIS);
    }

    /** Every option: one nanosecond before its expiry it is valid; at its expiry it is expired (exclusive end). */
    static Stream<Arguments> boundaries() {
        return Stream.of(
                Arguments.of(new TrainingValidity.FixedDuration(Duration.ofDays(30)), Optional.empty(),
                        Instant.parse("2026-03-31T10:00:00Z")),
                Arguments.of(new TrainingValidity.UntilDate(LocalDate.parse("2026-06-30")), Optional.empty(),
                        Instant.parse("2026-06-30T22:00:00Z")),
                Arguments.of(new TrainingValidity.LapsesAfterDisuse(Duration.ofDays(90)), Optional.empty(),
                        Instant.parse("2026-05-30T10:00:00Z")),
                Arguments.of(new TrainingValidity.LapsesAfterDisuse(Duration.ofDays(90)),
                        Optional.of(Instant.parse("2026-04-10T08:00:00Z")), Instant.parse("2026-07-09T08:00:00Z")));
    }

    @ParameterizedTest
    @MethodSource("boundaries")
    void everyOption_isValidJustBeforeItsExpiry_andExpiredFromIt(TrainingValidity validity, Optional<Instant> lastUse,
                                                                  Instant expiry) {
        assertThat(validity.expiresAt(GRANTED, lastUse, PARIS)).contains(expiry);
        assertThat(evaluate(validity, lastUse, expiry.minusNanos(1))).isEqualTo(new CertificationState.Valid(expiry,
                expiry.minusNanos(1)));
        assertThat(evaluate(validity, lastUse, expiry)).isEqualTo(new CertificationState.Expired(expiry));
        assertThat(evaluate(validity, lastUse, expiry.plusSeconds(86_400))).isEqualTo(new CertificationState.Expired(expiry));
    }

    @Test
    void forever_neverExpires() {
        TrainingValidity forever = new TrainingValidity.Forever();

        assertThat(forever.expiresAt(GRANTED, Optional.empty(), PARIS)).isEmpty();
        assertThat(evaluate(forever, Optional.empty(), Instant.parse("2099-01-01T00:00:00Z")))
                .isEqualTo(new CertificationState.Valid(null, Instant.parse("2099-01-01T00:00:00Z")));
    }

    @Test
    void lapsesAfterDisuse_withoutUse_countsFromTheGrant() {
        TrainingValidity lapses = new TrainingValidity.LapsesAfterDisuse(Duration.ofDays(10));

        assertThat(lapses.expiresAt(GRANTED, Optional.empty(), PARIS)).contains(GRANTED.plus(Duration.ofDays(10)));
    }

    @Test
    void lapsesAfterDisuse_withUseAfterTheGrant_countsFromTheLastUse() {
        TrainingValidity lapses = new TrainingValidity.LapsesAfterDisuse(Duration.ofDays(10));
        Instant used = GRANTED.plus(Duration.ofDays(7));

        assertThat(lapses.expiresAt(GRANTED, Optional.of(used), PARIS)).contains(used.plus(Duration.ofDays(10)));
    }

    @Test
    void lapsesAfterDisuse_withLastUseBeforeARenewal_countsFromTheRenewal() {
        TrainingValidity lapses = new TrainingValidity.LapsesAfterDisuse(Duration.ofDays(10));

        assertThat(lapses.expiresAt(GRANTED, Optional.of(GRANTED.minus(Duration.ofDays(3))), PARIS))
                .contains(GRANTED.plus(Duration.ofDays(10)));
    }

    @Test
    void untilDate_acrossTheSpringDstChangeInParis_endsAtLocalMidnightInSummerTime() {
        TrainingValidity until = new TrainingValidity.UntilDate(LocalDate.parse("2026-03-29"));

        // 29 March 2026 is the day Paris moves from +01:00 to +02:00; the next midnight is at +02:00.
        assertThat(until.expiresAt(GRANTED, Optional.empty(), PARIS)).contains(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(until.expiresAt(GRANTED, Optional.empty(), ZoneOffset.UTC)).contains(Instant.parse("2026-03-30T00:00:00Z"));
    }

    @Test
    void untilDate_onTheAutumnDstChangeInParis_coversThe25HourDay() {
        TrainingValidity until = new TrainingValidity.UntilDate(LocalDate.parse("2026-10-25"));

        Instant expiry = until.expiresAt(GRANTED, Optional.empty(), PARIS).orElseThrow();

        assertThat(expiry).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
        assertThat(Duration.between(LocalDate.parse("2026-10-25").atStartOfDay(PARIS).toInstant(), expiry))
                .isEqualTo(Duration.ofHours(25));
    }

    @Test
    void override_winsOverTheTrainingsValidity_evenALongerOne() {
        Training training = new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
                Set.of("laser-cutter"), new TrainingValidity.Forever());
        Instant override = GRANTED.plus(Duration.ofDays(5));
        Certification cert = new Certification("c-1", "m-1", "laser-safety", "t-1", GRANTED, override,
                CertificationStatus.ACTIVE);

        assertThat(CertificationRules.evaluate(cert, training, Optional.empty(), override, PARIS))
                .isEqualTo(new CertificationState.Expired(override));
    }

    @Test
    void revokedCertification_isRevokedWhateverTheValidity() {
        Certification cert = new Certification("c-1", "m-1", "laser-safety", "t-1", GRANTED, null,
                CertificationStatus.REVOKED);

        assertThat(CertificationRules.evaluate(cert, TRAINING, Optional.empty(), GRANTED.plusSeconds(1), PARIS))
                .isEqualTo(new CertificationState.Revoked());
    }

    @Test
    void expiringWithin_isTrueOnlyForAValidCertificationExpiringInsideTheWindow() {
        TrainingValidity year = new TrainingValidity.FixedDuration(Duration.ofDays(365));
        Instant expiry = GRANTED.plus(Duration.ofDays(365));

        assertThat(evaluate(year, Optional.empty(), expiry.minus(Duration.ofDays(30))).expiringWithin(Duration.ofDays(30)))
                .isTrue();
        assertThat(evaluate(year, Optional.empty(), expiry.minus(Duration.ofDays(31))).expiringWithin(Duration.ofDays(30)))
                .isFalse();
        assertThat(evaluate(year, Optional.empty(), expiry).expiringWithin(Duration.ofDays(30))).isFalse();
        assertThat(evaluate(new TrainingValidity.Forever(), Optional.empty(), expiry).expiringWithin(Duration.ofDays(30)))
                .isFalse();
    }

    @Test
    void best_prefersAValidRenewalOverAnExpiredOriginal_andTheLaterExpiryAmongValidOnes() {
        Training yearly = new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
                Set.of("laser-cutter"), new TrainingValidity.FixedDuration(Duration.ofDays(365)));
        Instant now = GRANTED.plus(Duration.ofDays(400));
        Certification original = new Certification("c-1", "m-1", "laser-safety", "t-1", GRANTED, null,
                CertificationStatus.ACTIVE);
        Certification renewal = new Certification("c-2", "m-1", "laser-safety", "t-1", GRANTED.plus(Duration.ofDays(360)),
                null, CertificationStatus.ACTIVE);
        Certification shortRenewal = new Certification("c-3", "m-1", "laser-safety", "t-1",
                GRANTED.plus(Duration.ofDays(380)), GRANTED.plus(Duration.ofDays(500)), CertificationStatus.ACTIVE);

        assertThat(CertificationRules.best(List.of(original, shortRenewal, renewal), yearly, Optional.empty(),
                now, PARIS)).contains(new CertificationState.Valid(GRANTED.plus(Duration.ofDays(725)), now));
        assertThat(CertificationRules.best(List.of(original), yearly, Optional.empty(), now, PARIS))
                .contains(new CertificationState.Expired(GRANTED.plus(Duration.ofDays(365))));
        assertThat(CertificationRules.best(List.of(), yearly, Optional.empty(), now, PARIS)).isEmpty();
    }

    @Test
    void wireForm_roundTripsEveryKind() {
        Stream.of(new TrainingValidity.Forever(), new TrainingValidity.FixedDuration(Duration.ofDays(365)),
                        new TrainingValidity.UntilDate(LocalDate.parse("2026-12-31")),
                        new TrainingValidity.LapsesAfterDisuse(Duration.ofDays(180)))
                .forEach(v -> assertThat(TrainingValidity.of(v.kind(), v.days(), v.until())).isEqualTo(v));
        assertThat(new TrainingValidity.FixedDuration(Duration.ofDays(365)).kind()).isEqualTo("fixed-duration");
        assertThat(new TrainingValidity.LapsesAfterDisuse(Duration.ofDays(180)).days()).isEqualTo(180);
    }

    static Stream<Arguments> badWireForms() {
        LocalDate day = LocalDate.parse("2026-12-31");
        return Stream.of(
                Arguments.of(null, null, null, "validity.kind is missing"),
                Arguments.of("weekly", null, null, "validity.kind 'weekly' is not one of: forever, fixed-duration"),
                Arguments.of("forever", 3, null, "validity.days must be absent for kind forever"),
                Arguments.of("forever", null, day, "validity.until must be absent for kind forever"),
                Arguments.of("fixed-duration", null, null, "validity.days is missing for kind fixed-duration"),
                Arguments.of("fixed-duration", 0, null, "validity.days must be > 0, was 0"),
                Arguments.of("fixed-duration", 30, day, "validity.until must be absent for kind fixed-duration"),
                Arguments.of("until-date", null, null, "validity.until is missing for kind until-date"),
                Arguments.of("until-date", 30, day, "validity.days must be absent for kind until-date"),
                Arguments.of("lapses-after-disuse", -5, null, "validity.days must be > 0, was -5"));
    }

    @ParameterizedTest
    @MethodSource("badWireForms")
    void of_rejectsABadWireForm_namingTheField(String kind, Integer days, LocalDate until, String message) {
        assertThatThrownBy(() -> TrainingValidity.of(kind, days, until))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void durations_mustBePositiveWholeDays() {
        assertThatThrownBy(() -> new TrainingValidity.FixedDuration(Duration.ofHours(36)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity.days");
        assertThatThrownBy(() -> new TrainingValidity.LapsesAfterDisuse(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity.days");
    }
}

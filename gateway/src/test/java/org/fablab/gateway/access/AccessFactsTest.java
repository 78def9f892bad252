package org.fablab.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessFactsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final TrainingValidity FOREVER = new TrainingValidity.Forever();

    static Stream<Arguments> invalidFacts() {
        return Stream.<Arguments>of(
                invalid("training id with capitals", () -> new Training("Laser", "Laser", TrainingCategory.SAFETY,
                        Set.of("laser-cutter"), FOREVER), "training.id"),
                invalid("blank training name", () -> new Training("laser", " ", TrainingCategory.SAFETY,
                        Set.of("laser-cutter"), FOREVER), "training.name"),
                invalid("machine kind with a space", () -> new Training("laser", "Laser", TrainingCategory.SAFETY,
                        Set.of("laser cutter"), FOREVER), "training.machineKinds[]"),
                invalid("training without validity", () -> new Training("laser", "Laser", TrainingCategory.SAFETY,
                        Set.of(), null), "training.validity"),
                invalid("override before the grant", () -> new Certification("c-1", "m-1", "laser", "t-1", T0,
                        T0.minusSeconds(1), CertificationStatus.ACTIVE), "certification.validUntilOverride"),
                invalid("certification without status", () -> new Certification("c-1", "m-1", "laser", "t-1", T0,
                        null, null), "certification.status"),
                invalid("negative trainer window", () -> new MachineFacts("laser-1", "laser-cutter",
                        MachineAvailability.AVAILABLE, Duration.ofSeconds(-1)), "machine.trainerPresentWithin"),
                invalid("machine id with a slash", () -> new MachineFacts("laser/1", "laser-cutter",
                        MachineAvailability.AVAILABLE, null), "machine.id"),
                invalid("member without a name", () -> new MemberFacts("m-1", "", true, null), "displayName"),
                invalid("denial without detail", () -> new AccessDecision.Denied(DenyReason.BADGE_LOST, null), "detail"),
                invalid("window crossing midnight", () -> new OpeningRules.Window(DayOfWeek.FRIDAY, LocalTime.of(20, 0),
                        LocalTime.of(2, 0)), "window.from"));
    }

    private static Arguments invalid(String name, ThrowingCallable build, String field) {
        return Arguments.of(name, build, field);
    }

    @ParameterizedTest(name = "{0} is rejected naming {2}")
    @MethodSource("invalidFacts")
    void invalidFacts_areRejectedNamingTheField(String name, ThrowingCallable build, String field) {
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }

    @Test
    void training_copiesItsKinds() {
        Set<String> kinds = new HashSet<>(Set.of("laser-cutter"));
        Training training = new Training("laser", "Laser", TrainingCategory.SAFETY, kinds, FOREVER);

        kinds.add("cnc");

        assertThat(training.machineKinds()).containsExactly("laser-cutter");
        assertThat(training.gates("cnc")).isFalse();
    }

    @Test
    void enumsParseTheirWireNames_andListTheAcceptedOnesOtherwise() {
        assertThat(BadgeStatus.fromWire("lost")).isEqualTo(BadgeStatus.LOST);
        assertThat(CertificationStatus.fromWire("revoked")).isEqualTo(CertificationStatus.REVOKED);
        assertThat(TrainingCategory.fromWire("competency")).isEqualTo(TrainingCategory.COMPETENCY);
        assertThat(MachineAvailability.fromWire("out-of-service")).isEqualTo(MachineAvailability.OUT_OF_SERVICE);
        assertThatThrownBy(() -> MachineAvailability.fromWire("broken")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("machine.availability 'broken' is not one of: available, blocked, out-of-service, to-check");
    }
}

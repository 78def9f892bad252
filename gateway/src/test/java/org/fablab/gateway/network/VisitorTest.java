package org.fablab.gateway.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.fablab.gateway.access.AccessContext;
import org.fablab.gateway.access.AccessDecision;
import org.fablab.gateway.access.AccessRules;
import org.fablab.gateway.access.DenyReason;
import org.fablab.gateway.access.MachineAvailability;
import org.fablab.gateway.access.MachineFacts;
import org.fablab.gateway.access.OpeningRules;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.junit.jupiter.api.Test;

class VisitorTest {
    private static final Instant NOW = Instant.parse("2026-12-04T11:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final String HASH = "ab".repeat(32);
    private static final Training LASER = new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
            Set.of("laser-cutter"), new TrainingValidity.Forever());

    @Test
    void theirTrainings_countAsOursOnlyThroughAnEquivalence() {
        ReceivedPass pass = pass(List.of("laser-basics", "woodwork"), NOW.plus(Duration.ofDays(1)));

        Visitor visitor = pass.visitor(List.of(new Equivalence("laser-basics", "laser-safety"),
                new Equivalence("cnc", "cnc-safety")));

        assertThat(visitor.ourTrainings()).containsExactly("laser-safety");
        assertThat(visitor.memberId()).isEqualTo("lab-a:m-7");
        assertThat(Visitor.isVisitor(visitor.memberId())).isTrue();
        assertThat(Visitor.isVisitor("m-0123456789")).isFalse();
    }

    @Test
    void aVisitorWithTheMappedTraining_isGrantedTheLaser_untilTheListEnds() {
        Visitor visitor = pass(List.of("laser-basics"), NOW.plus(Duration.ofHours(2)))
                .visitor(List.of(new Equivalence("laser-basics", "laser-safety")));

        assertThat(decide(visitor, NOW)).isInstanceOfSatisfying(AccessDecision.Granted.class, granted -> {
            assertThat(granted.memberId()).isEqualTo("lab-a:m-7");
            assertThat(granted.validUntil()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        });
        assertThat(decide(visitor, NOW.plus(Duration.ofHours(3))))
                .isInstanceOfSatisfying(AccessDecision.Denied.class,
                        denied -> assertThat(denied.reason()).isEqualTo(DenyReason.TRAINING_EXPIRED));
    }

    @Test
    void aVisitorWithoutTheMappedTraining_isRefusedForTheMissingTraining() {
        Visitor visitor = pass(List.of("woodwork"), NOW.plus(Duration.ofDays(1)))
                .visitor(List.of(new Equivalence("laser-basics", "laser-safety")));

        assertThat(decide(visitor, NOW)).isInstanceOfSatisfying(AccessDecision.Denied.class,
                denied -> assertThat(denied.reason()).isEqualTo(DenyReason.TRAINING_MISSING));
    }

    private static AccessDecision decide(Visitor visitor, Instant at) {
        MachineFacts laser = new MachineFacts("laser-1", "laser-cutter", MachineAvailability.AVAILABLE, null);
        return AccessRules.standing(AccessContext.offline(visitor.candidate(), laser, List.of(LASER),
                OpeningRules.alwaysOpen(), ZONE), at);
    }

    private static ReceivedPass pass(List<String> trainings, Instant validUntil) {
        return new ReceivedPass("lab-a", HASH, "m-7", "Zoé N.", trainings, NOW.minus(Duration.ofMinutes(5)),
                validUntil);
    }
}

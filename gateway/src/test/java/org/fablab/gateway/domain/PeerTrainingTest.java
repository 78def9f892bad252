package org.fablab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeerTrainingTest {
    private static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");
    private final PeerTraining training = new PeerTraining(Duration.ofSeconds(30));

    @Test
    void aRefusedBadgeWithinTheWindowAfterATrainer_isTheirTrainee_once() {
        training.trainerBadged("laser-1", "m-chloe", T0);

        assertThat(training.traineeBadged("laser-1", T0.plusSeconds(30)))
                .hasValue(new PeerTraining.TrainerBadge("m-chloe", T0));
        assertThat(training.traineeBadged("laser-1", T0.plusSeconds(31))).isEmpty();
    }

    @Test
    void aRefusedBadgeAfterTheWindow_orOnAnotherNode_orBeforeTheTrainer_vouchesForNoOne() {
        training.trainerBadged("laser-1", "m-chloe", T0);

        assertThat(training.traineeBadged("laser-1", T0.plusSeconds(31))).isEmpty();
        assertThat(training.traineeBadged("printer-1", T0.plusSeconds(1))).isEmpty();
        assertThat(training.traineeBadged("laser-1", T0.minusSeconds(1))).isEmpty();
    }

    @Test
    void forgettingANode_dropsItsTrainer() {
        training.trainerBadged("laser-1", "m-chloe", T0);
        training.forget("laser-1");

        assertThat(training.traineeBadged("laser-1", T0.plusSeconds(1))).isEmpty();
    }
}

package org.fablab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeerTrainingTest {
    private static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");
    private final PeerTraining training = new PeerTraining(Duration.ofSeconds(30));
    private final PeerTraining.TrainerBadge chloe = new PeerTraining.TrainerBadge("m-chloe", T0);

    @Test
    void aRefusedBadgeWithinTheWindowAfterATrainer_isTheirTrainee() {
        assertThat(training.vouchesFor(chloe, T0)).isTrue();
        assertThat(training.vouchesFor(chloe, T0.plusSeconds(30))).isTrue();
    }

    @Test
    void aRefusedBadgeAfterTheWindow_orBeforeTheTrainer_vouchesForNoOne() {
        assertThat(training.vouchesFor(chloe, T0.plusSeconds(30).plusMillis(1))).isFalse();
        assertThat(training.vouchesFor(chloe, T0.minusMillis(1))).isFalse();
    }

    @Test
    void aTrainerBadgeMadeBeforeTheModeWasSet_countsForNothing() {
        assertThat(PeerTraining.countsFor(T0, T0)).isTrue();
        assertThat(PeerTraining.countsFor(T0.plusSeconds(1), T0)).isTrue();
        assertThat(PeerTraining.countsFor(T0.minusMillis(1), T0)).isFalse();
    }
}

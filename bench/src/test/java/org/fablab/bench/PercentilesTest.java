package org.fablab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
    private static final long[] ONE_TO_HUNDRED = LongStream.rangeClosed(1, 100).toArray();

    @Test
    void nearestRankOfAHundredSamples() {
        assertThat(Percentiles.of(ONE_TO_HUNDRED, 50)).isEqualTo(50);
        assertThat(Percentiles.of(ONE_TO_HUNDRED, 99)).isEqualTo(99);
        assertThat(Percentiles.of(ONE_TO_HUNDRED, 100)).isEqualTo(100);
        assertThat(Percentiles.of(ONE_TO_HUNDRED, 1)).isEqualTo(1);
    }

    @Test
    void fewSamplesRoundUpToTheNextRank() {
        long[] three = {10, 20, 30};

        assertThat(Percentiles.of(three, 50)).isEqualTo(20);
        assertThat(Percentiles.of(three, 99)).isEqualTo(30);
        assertThat(Percentiles.of(new long[] {7}, 99)).isEqualTo(7);
    }

    @Test
    void refusesNoSamplesAndPercentilesOutOfRange() {
        assertThatThrownBy(() -> Percentiles.of(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(ONE_TO_HUNDRED, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(ONE_TO_HUNDRED, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}

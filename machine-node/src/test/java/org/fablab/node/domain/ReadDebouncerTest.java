package org.fablab.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadDebouncerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final ReadDebouncer debouncer = new ReadDebouncer(Duration.ofSeconds(2));

    @Test
    void sameIdRepeatedWhileHeld_countsOnce() {
        assertThat(debouncer.accept("A", T0)).isTrue();
        for (int i = 1; i <= 50; i++) {
            assertThat(debouncer.accept("A", T0.plusMillis(100L * i))).isFalse();
        }
    }

    @Test
    void sameIdAfterAGapOfTheWindow_isANewRead() {
        debouncer.accept("A", T0);
        debouncer.accept("A", T0.plusMillis(1500));

        assertThat(debouncer.accept("A", T0.plusMillis(3500))).isTrue();
    }

    @Test
    void anotherId_isANewReadAtOnce() {
        debouncer.accept("A", T0);

        assertThat(debouncer.accept("B", T0.plusMillis(10))).isTrue();
        assertThat(debouncer.accept("A", T0.plusMillis(20))).isTrue();
    }

    @Test
    void zeroWindow_letsEveryReadThrough() {
        ReadDebouncer none = new ReadDebouncer(Duration.ZERO);

        assertThat(none.accept("A", T0)).isTrue();
        assertThat(none.accept("A", T0)).isTrue();
    }
}

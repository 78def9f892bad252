package org.fablab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.fablab.protocol.Rejection;
import org.junit.jupiter.api.Test;

class RejectionLimiterTest {
    private static final Instant MINUTE = Instant.parse("2026-11-23T10:00:00Z");

    private final TestClock clock = new TestClock(MINUTE.plusSeconds(5));
    private final RejectionLimiter limiter = new RejectionLimiter(clock, 3, 4);

    private long admitted(int times, String node, Rejection reason) {
        return IntStream.range(0, times).filter(i -> limiter.admit(node, reason)).count();
    }

    @Test
    void aFlood_isKeptInFullOnlyForTheFirstFewOfItsNodeReasonAndMinute_butCountedWhole() {
        long full = admitted(5_000, "laser-1", Rejection.BAD_SIGNATURE);

        assertThat(full).isEqualTo(3);
        assertThat(limiter.takeCounts()).containsExactly(
                new RejectionLimiter.Count("laser-1", Rejection.BAD_SIGNATURE, MINUTE, 5_000));
        assertThat(limiter.takeCounts()).as("each count is handed out once").isEmpty();
    }

    @Test
    void refusalsTheStoreCountsItself_shareTheAllowance_butAreNotHandedOutAgain() {
        long full = IntStream.range(0, 10)
                .filter(i -> limiter.admitCountedByStore("laser-1", Rejection.REPLAYED_SEQ)).count();
        admitted(2, "laser-1", Rejection.REPLAYED_SEQ);

        assertThat(full).isEqualTo(3);
        assertThat(limiter.takeCounts()).containsExactly(
                new RejectionLimiter.Count("laser-1", Rejection.REPLAYED_SEQ, MINUTE, 2));
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.takeSuppressed()).containsExactly(
                new RejectionLimiter.Count("laser-1", Rejection.REPLAYED_SEQ, MINUTE, 9));
    }

    @Test
    void eachNodeAndReason_hasItsOwnAllowance() {
        assertThat(admitted(5, "laser-1", Rejection.BAD_SIGNATURE)).isEqualTo(3);
        assertThat(admitted(5, "laser-1", Rejection.INVALID_FIELD)).isEqualTo(3);
        assertThat(admitted(5, "printer-1", Rejection.BAD_SIGNATURE)).isEqualTo(3);
        assertThat(admitted(2, null, Rejection.BAD_TOPIC)).isEqualTo(2);

        assertThat(limiter.takeCounts()).extracting(RejectionLimiter.Count::node, RejectionLimiter.Count::reason,
                RejectionLimiter.Count::refused).containsExactlyInAnyOrder(
                tuple("laser-1", Rejection.BAD_SIGNATURE, 5L),
                tuple("laser-1", Rejection.INVALID_FIELD, 5L),
                tuple("printer-1", Rejection.BAD_SIGNATURE, 5L),
                tuple(RejectionLimiter.NO_NODE, Rejection.BAD_TOPIC, 2L));
    }

    @Test
    void theAllowance_isRenewedEveryMinute() {
        admitted(10, "laser-1", Rejection.BAD_SIGNATURE);
        clock.advance(Duration.ofMinutes(1));

        assertThat(admitted(10, "laser-1", Rejection.BAD_SIGNATURE)).isEqualTo(3);
        assertThat(limiter.takeCounts()).extracting(RejectionLimiter.Count::minute, RejectionLimiter.Count::refused)
                .containsExactly(tuple(MINUTE, 10L), tuple(MINUTE.plusSeconds(60), 10L));
    }

    @Test
    void suppressedRefusals_areReportedOnceTheirMinuteIsOver_andOnlyOnce() {
        admitted(10, "laser-1", Rejection.BAD_SIGNATURE);
        admitted(2, "laser-1", Rejection.INVALID_FIELD);
        limiter.takeCounts();

        assertThat(limiter.takeSuppressed()).as("the minute is not over").isEmpty();
        clock.advance(Duration.ofSeconds(55));
        assertThat(limiter.takeSuppressed()).containsExactly(
                new RejectionLimiter.Count("laser-1", Rejection.BAD_SIGNATURE, MINUTE, 7));
        assertThat(limiter.takeSuppressed()).isEmpty();
    }

    @Test
    void aMinuteIsForgotten_onlyAfterItsCountsWereTaken() {
        admitted(10, "laser-1", Rejection.BAD_SIGNATURE);
        clock.advance(Duration.ofMinutes(2));

        assertThat(limiter.takeSuppressed()).hasSize(1);
        assertThat(limiter.takeCounts()).extracting(RejectionLimiter.Count::refused).containsExactly(10L);
        assertThat(limiter.takeSuppressed()).isEmpty();
        assertThat(limiter.takeCounts()).isEmpty();
    }

    @Test
    void inventedNodeNames_shareOneCountPastTheKeyLimit() {
        for (int n = 0; n < 100; n++) {
            limiter.admit("fake-" + n, Rejection.UNKNOWN_NODE);
        }

        assertThat(limiter.takeCounts()).extracting(RejectionLimiter.Count::node, RejectionLimiter.Count::refused)
                .containsExactly(tuple("fake-0", 1L), tuple("fake-1", 1L), tuple("fake-2", 1L), tuple("fake-3", 1L),
                        tuple(RejectionLimiter.OTHER_NODES, 96L));
    }
}

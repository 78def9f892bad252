package org.fablab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.fablab.bench.NodeSchedule.Kind;
import org.fablab.bench.NodeSchedule.Step;
import org.junit.jupiter.api.Test;

class NodeScheduleTest {
    private static final Duration LENGTH = Duration.ofSeconds(90);
    private static final Duration MEAN_GAP = Duration.ofSeconds(10);

    @Test
    void sameSeedSameSchedule() {
        assertThat(NodeSchedule.generate(42, LENGTH, MEAN_GAP, 8))
                .isEqualTo(NodeSchedule.generate(42, LENGTH, MEAN_GAP, 8));
        assertThat(NodeSchedule.generate(42, LENGTH, MEAN_GAP, 8))
                .isNotEqualTo(NodeSchedule.generate(43, LENGTH, MEAN_GAP, 8));
    }

    @Test
    void stepsStayInTheRunWithGapsAroundTheMean() {
        List<Step> steps = NodeSchedule.generate(7, LENGTH, MEAN_GAP, 8).steps();

        assertThat(steps.get(0).atMillis()).isBetween(0L, MEAN_GAP.toMillis() - 1);
        assertThat(steps).allSatisfy(s -> assertThat(s.atMillis()).isLessThan(LENGTH.toMillis()));
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i).atMillis() - steps.get(i - 1).atMillis())
                    .isBetween(MEAN_GAP.toMillis() / 2, MEAN_GAP.toMillis() * 3 / 2 - 1);
        }
    }

    @Test
    void manyNodesTogetherPublishAtNodesOverMeanGap() {
        int nodes = 2_000;
        long events = IntStream.range(0, nodes)
                .mapToLong(i -> NodeSchedule.generate(i, LENGTH, MEAN_GAP, 8).steps().size()).sum();

        double perSecond = events / (double) LENGTH.toSeconds();
        assertThat(perSecond).isBetween(0.95 * nodes / MEAN_GAP.toSeconds(), 1.05 * nodes / MEAN_GAP.toSeconds());
    }

    @Test
    void everySessionOpensWithABadgeAndEndsBeforeTheNextOne() {
        for (long seed = 0; seed < 50; seed++) {
            List<Step> steps = NodeSchedule.generate(seed, Duration.ofMinutes(30), MEAN_GAP, 3).steps();
            boolean open = false;
            int middle = 0;
            for (Step step : steps) {
                if (step.kind() == Kind.SESSION_STARTED) {
                    assertThat(open).as("a session starts while one is open").isFalse();
                    assertThat(step.badge()).isBetween(0, 2);
                    open = true;
                    middle = 0;
                } else {
                    assertThat(open).as("%s outside a session", step.kind()).isTrue();
                    assertThat(step.badge()).isEqualTo(-1);
                    if (step.kind() == Kind.SESSION_ENDED) {
                        assertThat(middle).isBetween(NodeSchedule.MIN_MIDDLE, NodeSchedule.MAX_MIDDLE);
                        open = false;
                    } else {
                        middle++;
                    }
                }
            }
            assertThat(steps).extracting(Step::kind).contains(Kind.SESSION_PROGRESS, Kind.CONSUMABLE_RECORDED,
                    Kind.SESSION_ENDED);
        }
    }
}

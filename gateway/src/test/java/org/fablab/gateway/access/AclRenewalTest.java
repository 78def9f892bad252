package org.fablab.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AclRenewalTest {
    private static final Instant PUBLISHED = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest
    @CsvSource({
            "PT15M, PT5M",
            "PT3H, PT1H",
            "PT24H, PT1H",
            "PT72H, PT1H",
            "PT1M, PT20S",
            "PT15S, PT10S",
            "PT0S, PT10S"})
    void interval_isAThirdOfMaxStaleness_betweenTenSecondsAndAnHour(Duration maxStaleness, Duration expected) {
        assertThat(AclRenewal.interval(maxStaleness)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"PT15M", "PT24H", "PT1M", "PT2H30M"})
    void next_fallsWithinTheLastFifthOfTheInterval_neverAfterIt(Duration maxStaleness) {
        Duration interval = AclRenewal.interval(maxStaleness);
        for (int node = 0; node < 200; node++) {
            Instant next = AclRenewal.next("node-" + node, PUBLISHED, maxStaleness, 7L);

            assertThat(next).isBetween(PUBLISHED.plus(interval).minus(interval.multipliedBy(20).dividedBy(100)),
                    PUBLISHED.plus(interval));
        }
    }

    @Test
    void next_isTheSameForTheSameNodeAndSeed_andSpreadsNodesApart() {
        Duration limit = Duration.ofMinutes(15);
        assertThat(AclRenewal.next("laser-1", PUBLISHED, limit, 7L))
                .isEqualTo(AclRenewal.next("laser-1", PUBLISHED, limit, 7L));

        Set<Instant> renewals = IntStream.range(0, 20)
                .mapToObj(i -> AclRenewal.next("node-" + i, PUBLISHED, limit, 7L)).collect(Collectors.toSet());

        assertThat(renewals).as("20 nodes published together renew at different instants").hasSizeGreaterThan(15);
    }

    @Test
    void next_countsFromTheLastPublication() {
        Duration limit = Duration.ofMinutes(15);
        Instant first = AclRenewal.next("laser-1", PUBLISHED, limit, 7L);

        assertThat(AclRenewal.next("laser-1", PUBLISHED.plusSeconds(60), limit, 7L)).isEqualTo(first.plusSeconds(60));
    }

    @Test
    void negativeMaxStaleness_isRefused() {
        assertThatThrownBy(() -> AclRenewal.interval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxStaleness");
    }
}

package org.fablab.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AclVersionsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final AclVersions versions = new AclVersions();

    @Test
    void version_isTheIssueTimeInEpochMillis() {
        assertThat(versions.next("laser-1", T0)).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void twoSnapshotsInTheSameMillisecond_getGrowingVersions() {
        long first = versions.next("laser-1", T0);

        assertThat(versions.next("laser-1", T0)).isEqualTo(first + 1);
        assertThat(versions.next("laser-1", T0.plusNanos(300_000))).isEqualTo(first + 2);
    }

    @Test
    void aClockSteppedBack_stillGivesAGreaterVersion() {
        long first = versions.next("laser-1", T0);

        assertThat(versions.next("laser-1", T0.minusSeconds(3600))).isGreaterThan(first);
    }

    @Test
    void eachNodeHasItsOwnSequence() {
        versions.next("laser-1", T0);
        versions.next("laser-1", T0);

        assertThat(versions.next("printer-1", T0)).isEqualTo(T0.toEpochMilli());
    }
}

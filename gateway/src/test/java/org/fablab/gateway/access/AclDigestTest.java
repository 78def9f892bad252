package org.fablab.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.OfflinePolicy;
import org.junit.jupiter.api.Test;

/** Equal ACLs have equal digests; any difference a node would act on changes it. */
class AclDigestTest {
    private static final String HASH = "a".repeat(64);
    private static final AclSnapshot.Entry ALICE = new AclSnapshot.Entry(HASH, "m-alice", "Alice Martin", false);
    private static final Duration STALENESS = Duration.ofMinutes(15);
    private static final String DIGEST = AclDigest.of(OfflinePolicy.FAIL_CLOSED, STALENESS, List.of(ALICE));

    @Test
    void theSameAcl_hasTheSameDigest() {
        assertThat(AclDigest.of(OfflinePolicy.FAIL_CLOSED, STALENESS,
                List.of(new AclSnapshot.Entry(HASH, "m-alice", "Alice Martin", false))))
                .isEqualTo(DIGEST).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void anEntry_aName_theTrainerFlag_thePolicy_orTheStaleness_changeTheDigest() {
        assertThat(List.of(
                AclDigest.of(OfflinePolicy.FAIL_CLOSED, STALENESS, List.of()),
                AclDigest.of(OfflinePolicy.FAIL_CLOSED, STALENESS,
                        List.of(new AclSnapshot.Entry(HASH, "m-alice", "Alice Dupont", false))),
                AclDigest.of(OfflinePolicy.FAIL_CLOSED, STALENESS,
                        List.of(new AclSnapshot.Entry(HASH, "m-alice", "Alice Martin", true))),
                AclDigest.of(OfflinePolicy.FAIL_CLOSED, STALENESS,
                        List.of(new AclSnapshot.Entry("b".repeat(64), "m-alice", "Alice Martin", false))),
                AclDigest.of(OfflinePolicy.CACHED, STALENESS, List.of(ALICE)),
                AclDigest.of(OfflinePolicy.FAIL_CLOSED, STALENESS.plusSeconds(1), List.of(ALICE))))
                .doesNotContain(DIGEST).doesNotHaveDuplicates();
    }
}

package org.fablab.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.TestVectors;
import org.junit.jupiter.api.Test;

/** Which hash of a badge read a node goes on with: the network one only for a visitor its ACL lists as such. */
class BadgeHashesTest {
    private static final Instant ISSUED = Instant.parse("2026-11-23T10:00:00Z");
    private static final CredentialRef LAB =
            new CredentialHasher(TestVectors.pepper()).hash("mifare-uid", "04A1B2C3D4E5F6", false);
    private static final CredentialRef NETWORK =
            new CredentialHasher(TestVectors.networkPepper()).hash("mifare-uid", "04A1B2C3D4E5F6", false);
    private static final BadgeHashes READ = new BadgeHashes(LAB, NETWORK);

    @Test
    void aclListingOnlyTheNetworkHash_choosesTheNetworkCredential() {
        assertThat(READ.chosen(policyListing(NETWORK))).isEqualTo(NETWORK);
    }

    @Test
    void aclListingOnlyTheLabHash_choosesTheLabCredential() {
        assertThat(READ.chosen(policyListing(LAB))).isEqualTo(LAB);
    }

    @Test
    void aclListingBothHashes_choosesTheLabCredential() {
        assertThat(READ.chosen(policyListing(LAB, NETWORK))).isEqualTo(LAB);
    }

    @Test
    void aclListingNeither_choosesTheLabCredential() {
        assertThat(READ.chosen(policyListing())).isEqualTo(LAB);
    }

    @Test
    void noAclYet_choosesTheLabCredential() {
        assertThat(READ.chosen(AccessPolicy.empty())).isEqualTo(LAB);
    }

    @Test
    void staleAclListingOnlyTheNetworkHash_stillChoosesTheNetworkCredential() {
        AccessPolicy policy = policyListing(NETWORK);

        assertThat(policy.decide(NETWORK, ISSUED.plus(Duration.ofDays(2))))
                .isEqualTo(new AccessDecision.Denied(AccessPolicy.ACL_STALE));
        assertThat(READ.chosen(policy)).isEqualTo(NETWORK);
    }

    @Test
    void labInNoNetwork_choosesTheLabCredentialAndHasNoNetworkHash() {
        BadgeHashes read = BadgeHashes.labOnly(LAB);

        assertThat(read.chosen(policyListing(NETWORK))).isEqualTo(LAB);
        assertThat(read.networkHash()).isEmpty();
    }

    @Test
    void networkHash_isTheNetworkCredentialsHashWhicheverIsChosen() {
        assertThat(READ.networkHash()).contains(NETWORK.hash());
    }

    @Test
    void hashesOfDifferentReads_areRefused() {
        CredentialRef otherType = new CredentialRef("em4100", NETWORK.hash(), false);
        CredentialRef authenticated = new CredentialRef("mifare-uid", NETWORK.hash(), true);

        assertThatThrownBy(() -> new BadgeHashes(LAB, otherType)).hasMessageStartingWith("network");
        assertThatThrownBy(() -> new BadgeHashes(LAB, authenticated)).hasMessageStartingWith("network");
        assertThatThrownBy(() -> new BadgeHashes(null, NETWORK)).hasMessageStartingWith("lab");
    }

    private static AccessPolicy policyListing(CredentialRef... credentials) {
        List<AclSnapshot.Entry> entries = Arrays.stream(credentials)
                .map(c -> new AclSnapshot.Entry(c.hash(), "m-zoe", "Zoé", false)).toList();
        return AccessPolicy.of(new AclSnapshot(1, TestVectors.LAB, "laser-1", ISSUED, 1, OfflinePolicy.CACHED,
                Duration.ofHours(24), entries));
    }
}

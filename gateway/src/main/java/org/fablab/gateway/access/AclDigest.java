package org.fablab.gateway.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Json;
import org.fablab.protocol.OfflinePolicy;

/**
 * What a node's ACL says, as one SHA-256 digest: its entries and the two settings it carries, the offline policy and
 * the maximum staleness; not its version, time or signature, which change with every publication of the same ACL. Two
 * ACLs with equal digests let the node decide alike, so a rebuild need not publish the second. Pure; thread-safe.
 */
public final class AclDigest {
    private AclDigest() {
    }

    /** The JSON the digest is taken over: records serialise their fields in declaration order. */
    private record Content(OfflinePolicy policy, Duration maxStaleness, List<AclSnapshot.Entry> entries) {
    }

    /** Hex SHA-256 of the ACL; {@code entries} as the planner returns them, sorted by credential hash. */
    public static String of(OfflinePolicy policy, Duration maxStaleness, List<AclSnapshot.Entry> entries) {
        try {
            byte[] json = Json.mapper().writeValueAsBytes(new Content(policy, maxStaleness, entries));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ACL entries always serialise", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

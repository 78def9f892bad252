package org.fablab.protocol.network;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Names;

/**
 * The home lab's signed list of its members who may visit the host lab {@code to}, published retained. Each new list
 * replaces the previous one whole: a member left out (revoked, expired, opted out) can no longer visit once the host
 * has it. {@code version} grows with every list the home lab makes for this partner; a host ignores a list whose
 * version is not above the one it holds. After {@code validUntil} the host drops the list, so a home lab that can no
 * longer reach its partner does not leave visitors admitted forever; the home lab publishes a fresh list well before.
 */
public record VisitorPasses(int v, String from, String to, Instant ts, long version, Instant validUntil,
                            List<Pass> passes) implements NetworkMessage {
    /** Most passes in one list: its visitors' entries must still fit a node's ACL (1 MiB, docs/protocol.md). */
    public static final int MAX_PASSES = 5_000;
    /** Longest visitor id and display name. */
    public static final int MAX_TEXT = 100;
    /** Most trainings on one pass. */
    public static final int MAX_TRAININGS = 100;

    public VisitorPasses {
        NetworkMessage.checkHeader(v, from, to, ts);
        Names.requireNonNegative("version", version);
        Names.require("validUntil", validUntil);
        passes = List.copyOf(Names.require("passes", passes));
        if (passes.size() > MAX_PASSES) {
            throw new IllegalArgumentException("passes holds " + passes.size() + " passes, at most " + MAX_PASSES);
        }
        Set<String> hashes = new HashSet<>();
        for (Pass pass : passes) {
            if (!hashes.add(pass.credentialHash())) {
                throw new IllegalArgumentException("passes repeat credentialHash " + pass.credentialHash());
            }
        }
    }

    /** The same list under another version. */
    public VisitorPasses withVersion(long newVersion) {
        return new VisitorPasses(v, from, to, ts, newVersion, validUntil, passes);
    }

    /**
     * One visiting member's badge.
     *
     * @param credentialHash the badge hashed with the network pepper shared by the partners (never the lab pepper)
     * @param visitorId      the member's id at the home lab, which the host quotes on receipts
     * @param displayName    the name the host shows on its board
     * @param trainings      the home lab's ids of the trainings the member holds now; the host maps them through its
     *                       equivalences
     */
    public record Pass(String credentialHash, String visitorId, String displayName, List<String> trainings) {
        public Pass {
            new CredentialRef("any", credentialHash, false);
            requireShortText("visitorId", visitorId);
            requireShortText("displayName", displayName);
            trainings = List.copyOf(Names.require("trainings", trainings));
            if (trainings.size() > MAX_TRAININGS) {
                throw new IllegalArgumentException("trainings holds " + trainings.size() + ", at most " + MAX_TRAININGS);
            }
            trainings.forEach(training -> Names.requireId("training", training));
        }
    }

    private static void requireShortText(String field, String value) {
        if (Names.requireText(field, value).length() > MAX_TEXT) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_TEXT + " characters");
        }
    }

    @Override
    public NetworkChannel channel() {
        return NetworkChannel.PASSES;
    }
}

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
    public VisitorPasses {
        NetworkMessage.checkHeader(v, from, to, ts);
        Names.requireNonNegative("version", version);
        Names.require("validUntil", validUntil);
        passes = List.copyOf(Names.require("passes", passes));
        Set<String> hashes = new HashSet<>();
        for (Pass pass : passes) {
            if (!hashes.add(pass.credentialHash())) {
                throw new IllegalArgumentException("passes repeat credentialHash " + pass.credentialHash());
            }
        }
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
            Names.requireText("visitorId", visitorId);
            Names.requireText("displayName", displayName);
            trainings = List.copyOf(Names.require("trainings", trainings));
            trainings.forEach(training -> Names.requireId("training", training));
        }
    }

    @Override
    public NetworkChannel channel() {
        return NetworkChannel.PASSES;
    }
}

package org.fablab.gateway.network;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fablab.protocol.Names;

/**
 * One pass of a partner's latest list, as stored: the visitor's trainings still in the partner's terms, so that a
 * change of equivalences applies at once, without waiting for the partner's next list.
 */
public record ReceivedPass(String partnerId, String credentialHash, String visitorId, String displayName,
                           List<String> theirTrainings, Instant issuedAt, Instant validUntil) {
    public ReceivedPass {
        Names.requireId("partnerId", partnerId);
        theirTrainings = List.copyOf(Names.require("theirTrainings", theirTrainings));
    }

    /** The visitor this pass admits, their trainings mapped through {@code equivalences} (ours for this partner). */
    public Visitor visitor(List<Equivalence> equivalences) {
        Set<String> ours = new HashSet<>();
        for (Equivalence equivalence : equivalences) {
            if (theirTrainings.contains(equivalence.theirTraining())) {
                ours.add(equivalence.ourTraining());
            }
        }
        return new Visitor(partnerId, credentialHash, visitorId, displayName, ours, issuedAt, validUntil);
    }
}

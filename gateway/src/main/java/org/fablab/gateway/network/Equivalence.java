package org.fablab.gateway.network;

import org.fablab.protocol.Names;

/** A partner's training that counts as one of ours for its visitors, as our fabmanagers set it. */
public record Equivalence(String theirTraining, String ourTraining) {
    public Equivalence {
        Names.requireId("theirTraining", theirTraining);
        Names.requireId("ourTraining", ourTraining);
    }
}

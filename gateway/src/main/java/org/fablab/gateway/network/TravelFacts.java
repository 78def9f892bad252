package org.fablab.gateway.network;

import org.fablab.protocol.Names;

/**
 * What the visitor policies of our partners need to know about one of our members (docs/network.md).
 *
 * @param networkVisits whether the member consented to be sent to partner labs as a visitor, with their name and
 *                      trainings
 * @param planId        the plan the member is on; {@code null} when none
 */
public record TravelFacts(String memberId, boolean networkVisits, String planId) {
    public TravelFacts {
        Names.requireText("memberId", memberId);
    }
}

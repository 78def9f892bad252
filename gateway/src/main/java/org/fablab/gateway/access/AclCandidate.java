package org.fablab.gateway.access;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Names;

/**
 * One enrolled badge as {@link AclPlanner} sees it: the badge, its member and what the member holds.
 *
 * @param credentialHash    the badge's credential hash, 64 lowercase hex characters
 * @param certifications    the member's certifications, history included
 * @param lastUse           training id to the member's last use of a machine that training unlocks
 * @param trainerForMachine true when the member is a trainer for one of the trainings this machine requires
 */
public record AclCandidate(String credentialHash, BadgeStatus status, MemberFacts member,
                           List<Certification> certifications, Map<String, Instant> lastUse,
                           boolean trainerForMachine) {
    public AclCandidate {
        new CredentialRef("any", credentialHash, false);
        Names.require("status", status);
        Names.require("member", member);
        certifications = List.copyOf(Names.require("certifications", certifications));
        lastUse = Map.copyOf(Names.require("lastUse", lastUse));
    }
}

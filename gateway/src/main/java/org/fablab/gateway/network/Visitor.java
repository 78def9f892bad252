package org.fablab.gateway.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fablab.gateway.access.AclCandidate;
import org.fablab.gateway.access.BadgeStatus;
import org.fablab.gateway.access.Certification;
import org.fablab.gateway.access.CertificationStatus;
import org.fablab.gateway.access.MemberFacts;
import org.fablab.protocol.Names;

/**
 * A partner lab's member who may visit us, from the partner's latest pass list, with their trainings already mapped
 * to ours through the equivalences.
 *
 * @param credentialHash their badge under the network pepper
 * @param ourTrainings   our trainings their home trainings count as
 * @param issuedAt       when the home lab made the pass list
 * @param validUntil     when the pass list ends, unless a newer one replaces it
 */
public record Visitor(String partnerId, String credentialHash, String visitorId, String displayName,
                      Set<String> ourTrainings, Instant issuedAt, Instant validUntil) {
    public Visitor {
        Names.requireId("partnerId", partnerId);
        Names.requireText("visitorId", visitorId);
        Names.requireText("displayName", displayName);
        ourTrainings = Set.copyOf(Names.require("ourTrainings", ourTrainings));
        Names.require("issuedAt", issuedAt);
        Names.require("validUntil", validUntil);
    }

    /**
     * The member id a visitor has here: {@code {partner}:{their id at home}}. Our own members' ids never hold a colon,
     * so the two never meet.
     */
    public String memberId() {
        return partnerId + ":" + visitorId;
    }

    /** Whether {@code memberId} is a visitor's, as {@link #memberId()} makes them. */
    public static boolean isVisitor(String memberId) {
        return memberId.indexOf(':') >= 0;
    }

    /** The home lab of the visitor whose member id here is {@code memberId}; empty for one of our members. */
    public static Optional<String> partnerOf(String memberId) {
        int colon = memberId.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(memberId.substring(0, colon));
    }

    /** The visitor's id at their home lab, as receipts quote it; {@code memberId} unchanged for one of our members. */
    public static String homeIdOf(String memberId) {
        return memberId.substring(memberId.indexOf(':') + 1);
    }

    /**
     * The visitor as the access rules see a badge: an active member whose certifications are the mapped trainings,
     * each valid from the list's issue to its end, so an outdated list admits nobody. Never a trainer here.
     */
    public AclCandidate candidate() {
        List<Certification> certifications = new ArrayList<>();
        if (validUntil.isAfter(issuedAt)) {
            for (String training : ourTrainings.stream().sorted().toList()) {
                certifications.add(new Certification("pass:" + memberId() + ":" + training, memberId(), training,
                        partnerId, issuedAt, validUntil, CertificationStatus.ACTIVE));
            }
        }
        return new AclCandidate(credentialHash, BadgeStatus.ACTIVE, new MemberFacts(memberId(), displayName, true,
                null), certifications, Map.of(), false);
    }
}

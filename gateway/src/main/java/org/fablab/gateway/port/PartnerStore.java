package org.fablab.gateway.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.network.Equivalence;
import org.fablab.gateway.network.NetworkBadge;
import org.fablab.gateway.network.Partner;
import org.fablab.gateway.network.TravelFacts;
import org.fablab.gateway.network.VisitPricing;
import org.fablab.gateway.network.VisitorPolicy;
import org.fablab.protocol.network.VisitorPasses;

/**
 * The partner labs, their equivalences, the pass lists they sent us and the versions of those we sent them. Every
 * write of a person stores its audit entry in the same transaction. Blocking; thread-safe.
 */
public interface PartnerStore {
    List<Partner> partners();

    Optional<Partner> partner(String id);

    /** @throws NotFound when there is no such partner */
    default Partner existing(String id) {
        return partner(id).orElseThrow(() -> new NotFound(ErrorCode.PARTNER_NOT_FOUND, id));
    }

    /**
     * @throws Conflict when the id is taken
     * @throws NotFound when one of its visitor plans is not one of our plans
     */
    void add(Partner partner, AuditEntry audit);

    /** @throws NotFound when there is no such partner, or one of {@code visitorPlans} is not one of our plans */
    void setTerms(String id, VisitorPolicy visitors, long freeMinutesPerMonth, List<String> visitorPlans,
                  VisitPricing visitPricing, AuditEntry audit);

    /** Removes the partner with its equivalences and passes. @throws NotFound when there is no such partner */
    void remove(String id, AuditEntry audit);

    List<Equivalence> equivalences(String partnerId);

    /**
     * Replaces the partner's equivalences whole.
     *
     * @throws NotFound when there is no such partner or one of our trainings does not exist
     */
    void setEquivalences(String partnerId, List<Equivalence> equivalences, AuditEntry audit);

    /**
     * Keeps a verified pass list from a partner when its version is above the one held, replacing that one's passes.
     *
     * @return false when the list was not newer (a redelivery or an older list) or the lab is no longer a partner
     */
    boolean savePasses(VisitorPasses passes, Instant receivedAt);

    /** The version of the list held from each partner and when it ends; absent for a partner that sent none. */
    record HeldList(String partnerId, long version, Instant issuedAt, Instant validUntil,
                    Instant receivedAt, int passes) {
    }

    List<HeldList> heldLists();

    /** A version above every one published to this partner so far, and above {@code floor}, recorded as used. */
    long nextPassVersion(String partnerId, long floor);

    /** Our members' badges whose UID we hold. */
    List<NetworkBadge> networkBadges();

    /** The consent and plan of each of our members who consented to network visits or is on a plan. */
    List<TravelFacts> travelFacts();
}

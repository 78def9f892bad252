package org.fablab.gateway.network;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Names;
import org.fablab.protocol.Topic;

/**
 * A partner lab as our admin registered it.
 *
 * @param publicKey   its gateway's Ed25519 public key (base64 of the raw 32 bytes), which signs all it sends us
 * @param fingerprint of that key, shown to be confirmed with the partner out of band
 * @param visitors    which of our members we send it as visitors
 * @param freeMinutesPerMonth how much of its members' visits here is free, per visitor and calendar month (a visa,
 *                    as coworking networks have); beyond, the prices {@code visitPricing} names apply
 * @param visitorPlans the plans whose members it receives when {@code visitors} is {@link VisitorPolicy#PLANS}, at
 *                    least one; empty under any other policy
 * @param visitPricing which price lists price its members' visits here: ours or the network's
 */
public record Partner(String id, String name, String publicKey, String fingerprint, VisitorPolicy visitors,
                      Instant addedAt, long freeMinutesPerMonth, List<String> visitorPlans, VisitPricing visitPricing) {
    /** The most free minutes a month an agreement may give: every minute of a month. */
    public static final long MAX_FREE_MINUTES = 31 * 24 * 60;

    public Partner {
        Names.requireId("id", id);
        if (Topic.RESERVED_LAB.equals(id)) {
            throw new IllegalArgumentException("id '" + id + "' is reserved");
        }
        Names.requireText("name", name);
        Names.requireText("publicKey", publicKey);
        Names.requireText("fingerprint", fingerprint);
        Names.require("visitors", visitors);
        Names.require("addedAt", addedAt);
        if (freeMinutesPerMonth < 0 || freeMinutesPerMonth > MAX_FREE_MINUTES) {
            throw new IllegalArgumentException("freeMinutesPerMonth must be between 0 and " + MAX_FREE_MINUTES);
        }
        visitorPlans = Names.require("visitorPlans", visitorPlans).stream().distinct().toList();
        if (visitors == VisitorPolicy.PLANS && visitorPlans.isEmpty()) {
            throw new BadArgument("visitorPlans", ErrorCode.FIELD_REQUIRED_FOR, "visitors " + visitors.wire());
        }
        if (visitors != VisitorPolicy.PLANS && !visitorPlans.isEmpty()) {
            throw new BadArgument("visitorPlans", ErrorCode.FIELD_NOT_ALLOWED_FOR, "visitors " + visitors.wire());
        }
        Names.require("visitPricing", visitPricing);
    }

    /**
     * A new partner, its fingerprint computed from the key.
     *
     * @throws IllegalArgumentException naming {@code publicKey} when it is not an Ed25519 public key
     */
    public static Partner of(String id, String name, String publicKey, VisitorPolicy visitors, Instant addedAt,
                             long freeMinutesPerMonth, List<String> visitorPlans, VisitPricing visitPricing) {
        PublicKey key;
        try {
            key = Ed25519Keys.publicKey(Names.requireText("publicKey", publicKey).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("publicKey is not an Ed25519 public key (base64 of 32 bytes): "
                    + e.getMessage());
        }
        return new Partner(id, name, Ed25519Keys.encode(key), Ed25519Keys.fingerprint(key), visitors, addedAt,
                freeMinutesPerMonth, visitorPlans, visitPricing);
    }

    /** The same partner under other terms. */
    public Partner withTerms(VisitorPolicy newVisitors, long newFreeMinutesPerMonth, List<String> newVisitorPlans) {
        return new Partner(id, name, publicKey, fingerprint, newVisitors, addedAt, newFreeMinutesPerMonth,
                newVisitorPlans, visitPricing);
    }

    /** The same partner with its visits priced from other price lists. */
    public Partner withVisitPricing(VisitPricing newVisitPricing) {
        return new Partner(id, name, publicKey, fingerprint, visitors, addedAt, freeMinutesPerMonth, visitorPlans,
                newVisitPricing);
    }

    /** Whether we send {@code traveller} to this partner, by its terms. */
    public boolean receives(PassListBuilder.Traveller traveller) {
        return switch (visitors) {
            case ALL -> true;
            case NONE -> false;
            case OPTED_IN -> traveller.networkVisits();
            case PLANS -> traveller.planId() != null && visitorPlans.contains(traveller.planId());
        };
    }

    public PublicKey key() {
        return Ed25519Keys.publicKey(publicKey);
    }
}

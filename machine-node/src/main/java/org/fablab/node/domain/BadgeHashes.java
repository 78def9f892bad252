package org.fablab.node.domain;

import java.util.Optional;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Names;

/**
 * One badge read, hashed with the lab pepper and, on a node of a lab in a network of labs, with the network pepper
 * the partner labs share (docs/network.md); and which of the two hashes the node goes on with. The gateway lists the
 * lab's own members in the node's ACL under their lab hash, and a partner lab's visitors under their network hash,
 * the only hash their home lab publishes. So the node decides, asks about and records a read under the network
 * credential when its ACL lists the network hash and not the lab hash, and under the lab credential otherwise: no
 * network pepper, no ACL, a badge the ACL does not know (the gateway, asked live, gets both hashes), or one it lists
 * under the lab hash (a member of this lab who also holds a pass from a partner stays a member here).
 *
 * <p>Pure and immutable.
 *
 * @param lab     the badge under the lab pepper
 * @param network the same badge under the network pepper; null on a node of a lab in no network
 */
public record BadgeHashes(CredentialRef lab, CredentialRef network) {
    public BadgeHashes {
        Names.require("lab", lab);
        if (network != null && (!network.type().equals(lab.type()) || network.authenticated() != lab.authenticated())) {
            throw new IllegalArgumentException("network must be the same read as lab: same type and authenticated");
        }
    }

    /** A read on a node of a lab in no network. */
    public static BadgeHashes labOnly(CredentialRef lab) {
        return new BadgeHashes(lab, null);
    }

    /** The credential to use for this read with the ACL of {@code policy}. */
    public CredentialRef chosen(AccessPolicy policy) {
        if (network != null && policy.lists(network.hash()) && !policy.lists(lab.hash())) {
            return network;
        }
        return lab;
    }

    /** The network hash that every {@code auth/request} and {@code badge.denied} of this read carries. */
    public Optional<String> networkHash() {
        return Optional.ofNullable(network).map(CredentialRef::hash);
    }
}

package org.fablab.gateway.network;

import org.fablab.gateway.access.BadgeStatus;
import org.fablab.protocol.CredentialId;

/**
 * One of our members' badges whose UID we hold (typed or read at enrolment), so it can be hashed with the network
 * pepper for the pass lists. A badge enrolled from its hash alone cannot travel: it is enrolled again by its UID.
 */
public record NetworkBadge(String memberId, CredentialId uid, BadgeStatus status) {
}

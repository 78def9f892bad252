package org.fablab.gateway.domain;

import org.fablab.protocol.CredentialRef;

/** A badge enrolled for a member, known only by its credential hash. */
public record BadgeRecord(CredentialRef credential, String memberId) {
}

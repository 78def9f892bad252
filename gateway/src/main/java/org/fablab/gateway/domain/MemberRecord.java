package org.fablab.gateway.domain;

import java.util.Optional;

/**
 * A lab member as far as sessions need one: who they are and whether they may use machines at all.
 *
 * @param territory the member's commune or postcode as the lab writes it, for the impact report; seeding an empty one
 *                  keeps what is stored
 */
public record MemberRecord(String id, String displayName, boolean active, Optional<String> territory) {
    public MemberRecord {
        if (id == null || id.isBlank() || displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("member id and display name are required");
        }
        if (territory == null || territory.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("a member's territory is absent or text, never blank");
        }
    }

    public MemberRecord(String id, String displayName, boolean active) {
        this(id, displayName, active, Optional.empty());
    }
}

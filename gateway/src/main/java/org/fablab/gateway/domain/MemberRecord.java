package org.fablab.gateway.domain;

/** A lab member as far as sessions need one: who they are and whether they may use machines at all. */
public record MemberRecord(String id, String displayName, boolean active) {
    public MemberRecord {
        if (id == null || id.isBlank() || displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("member id and display name are required");
        }
    }
}

package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One line of the append-only audit log: who ({@code actor}: an account's username, or
 * {@code member:<id>} for a badge at a machine) did what ({@code action}, e.g.
 * {@code certification.granted}) to what ({@code subjectType} and {@code subjectId}), when and why.
 *
 * @param id 0 until stored; then the log's increasing sequence number
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEntry(long id, Instant at, String actor, String action, String subjectType, String subjectId,
                         String memberId, String machineId, String reason, String detail) {
    public AuditEntry {
        if (at == null || blank(actor) || blank(action) || blank(subjectType) || blank(subjectId)) {
            throw new IllegalArgumentException("an audit entry needs when, who, what and to what");
        }
    }

    /** A new entry about {@code subjectType}/{@code subjectId}; add context with the withers. */
    public static AuditEntry of(Instant at, String actor, String action, String subjectType, String subjectId) {
        return new AuditEntry(0, at, actor, action, subjectType, subjectId, null, null, null, null);
    }

    public AuditEntry member(String member) {
        return new AuditEntry(id, at, actor, action, subjectType, subjectId, member, machineId, reason, detail);
    }

    public AuditEntry machine(String machine) {
        return new AuditEntry(id, at, actor, action, subjectType, subjectId, memberId, machine, reason, detail);
    }

    public AuditEntry reason(String why) {
        return new AuditEntry(id, at, actor, action, subjectType, subjectId, memberId, machineId, why, detail);
    }

    public AuditEntry detail(String what) {
        return new AuditEntry(id, at, actor, action, subjectType, subjectId, memberId, machineId, reason, what);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the append-only audit log: who ({@code actor}: an account's username, or
 * {@code member:<id>} for a badge at a machine) did what ({@code action}, e.g.
 * {@code certification.granted}) to what ({@code subjectType} and {@code subjectId}), when and why.
 *
 * @param id     0 until stored; then the log's increasing sequence number
 * @param params the action's named parameters ({@link AuditAction#params()}), values as text, in the order added
 * @param detail free text that entries written before {@code params} existed carry; null on newer ones
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEntry(long id, Instant at, String actor, String action, String subjectType, String subjectId,
                         String memberId, String machineId, String reason, Map<String, String> params,
                         String detail) {
    public AuditEntry {
        if (at == null || blank(actor) || blank(action) || blank(subjectType) || blank(subjectId)) {
            throw new IllegalArgumentException("an audit entry needs when, who, what and to what");
        }
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A new entry about {@code subjectType}/{@code subjectId}; add context with the withers. */
    public static AuditEntry of(Instant at, String actor, AuditAction action, String subjectType, String subjectId) {
        return new AuditEntry(0, at, actor, action.code(), subjectType, subjectId, null, null, null, Map.of(), null);
    }

    public AuditEntry member(String member) {
        return new AuditEntry(id, at, actor, action, subjectType, subjectId, member, machineId, reason, params, detail);
    }

    public AuditEntry machine(String machine) {
        return new AuditEntry(id, at, actor, action, subjectType, subjectId, memberId, machine, reason, params, detail);
    }

    public AuditEntry reason(String why) {
        return new AuditEntry(id, at, actor, action, subjectType, subjectId, memberId, machineId, why, params, detail);
    }

    /**
     * This entry with parameter {@code name} set to {@code value} as text; an absent value ({@code null}) is left out.
     *
     * @throws IllegalArgumentException when the action does not declare {@code name}, so that every parameter has
     *                                  its place in the action's sentence
     */
    public AuditEntry with(String name, Object value) {
        boolean declared = AuditAction.ofCode(action).map(a -> a.params().contains(name)).orElse(false);
        if (!declared) {
            throw new IllegalArgumentException("audit action " + action + " has no parameter " + name);
        }
        if (value == null) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(params);
        more.put(name, value.toString());
        return new AuditEntry(id, at, actor, action, subjectType, subjectId, memberId, machineId, reason, more, detail);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

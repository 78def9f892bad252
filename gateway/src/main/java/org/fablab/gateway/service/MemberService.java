package org.fablab.gateway.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.Member;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.port.MemberStore;
import org.fablab.gateway.port.NotFound;

/**
 * Creating and changing members, each change audited with who made it and why. Calls {@code changed}
 * after a change that may alter who may use a machine (so ACLs are rebuilt). Blocking; thread-safe.
 */
public final class MemberService {
    private final MemberStore members;
    private final Clock clock;
    private final Runnable accessChanged;

    public MemberService(MemberStore members, Clock clock, Runnable accessChanged) {
        this.members = members;
        this.clock = clock;
        this.accessChanged = accessChanged;
    }

    public List<Member> search(MemberStore.Search search) {
        return members.search(search);
    }

    public Member member(String id) {
        return find(id).orElseThrow(() -> new NotFound(ErrorCode.MEMBER_NOT_FOUND, id));
    }

    public Optional<Member> find(String id) {
        return members.member(id);
    }

    public Member create(Principal actor, MemberStore.Draft draft) {
        Member member = members.create(draft, clock.instant(), created -> AuditEntry.of(clock.instant(), actor.actor(),
                AuditAction.MEMBER_CREATED, "member", created.id()).member(created.id()).with("name", created.name()));
        accessChanged.run();
        return member;
    }

    public Member update(Principal actor, String id, MemberStore.Change change, Optional<String> reason) {
        Member before = member(id);
        boolean deactivated = before.active() && change.active().filter(active -> !active).isPresent();
        AuditEntry audit = AuditEntry.of(clock.instant(), actor.actor(), deactivated ? AuditAction.MEMBER_DEACTIVATED : AuditAction.MEMBER_UPDATED,
                "member", id).member(id).reason(reason.orElse(null)).with("changed", describe(change));
        Member after = members.update(id, change, audit);
        accessChanged.run();
        return after;
    }

    private static String describe(MemberStore.Change change) {
        List<String> fields = new ArrayList<>();
        change.name().ifPresent(v -> fields.add("name"));
        change.email().ifPresent(v -> fields.add("email"));
        change.group().ifPresent(v -> fields.add("group"));
        change.validUntil().ifPresent(v -> fields.add("validUntil=" + v.map(Object::toString).orElse("none")));
        change.active().ifPresent(v -> fields.add("active=" + v));
        change.territory().ifPresent(v -> fields.add("territory"));
        change.networkVisits().ifPresent(v -> fields.add("networkVisits=" + v));
        return String.join(", ", fields);
    }
}

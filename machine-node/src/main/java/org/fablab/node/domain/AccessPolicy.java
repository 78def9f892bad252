package org.fablab.node.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.CredentialRef;

/**
 * Decides a badge offline from the last accepted, signed {@link AclSnapshot} (docs/authorization.md §8).
 *
 * <p>The snapshot's {@code ts} is when the gateway issued it; once {@code now} is more than the
 * snapshot's {@code maxStaleness} past it, every badge is denied with {@code acl-stale}. That holds for
 * both offline policies: {@code cached} and {@code fail-closed} differ in the staleness the gateway
 * sets (e.g. 24 h for printers, 15 min for lasers), so revocation reaches every node in a bounded time.
 * An age of exactly {@code maxStaleness} is still fresh.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessPolicy {
    public static final String NO_ACL = "no-acl";
    public static final String ACL_STALE = "acl-stale";
    public static final String UNKNOWN_BADGE = "unknown-badge";

    private static final AccessPolicy EMPTY = new AccessPolicy(null);

    private final AclSnapshot acl;
    private final Map<String, AclSnapshot.Entry> byHash;

    private AccessPolicy(AclSnapshot acl) {
        this.acl = acl;
        this.byHash = acl == null ? Map.of() : acl.entries().stream()
                .collect(Collectors.toUnmodifiableMap(AclSnapshot.Entry::credentialHash, Function.identity(),
                        (first, second) -> first));
    }

    /** A policy with no ACL yet: every badge is denied with {@code no-acl}. */
    public static AccessPolicy empty() {
        return EMPTY;
    }

    public static AccessPolicy of(AclSnapshot acl) {
        if (acl == null) {
            throw new IllegalArgumentException("acl is missing");
        }
        return new AccessPolicy(acl);
    }

    public AccessDecision decide(CredentialRef credential, Instant now) {
        if (acl == null) {
            return new AccessDecision.Denied(NO_ACL);
        }
        if (now.isAfter(acl.ts().plus(acl.maxStaleness()))) {
            return new AccessDecision.Denied(ACL_STALE);
        }
        AclSnapshot.Entry entry = byHash.get(credential.hash());
        if (entry == null) {
            return new AccessDecision.Denied(UNKNOWN_BADGE);
        }
        return new AccessDecision.Granted(entry.memberId(), entry.memberName());
    }

    /** True when the ACL in use holds {@code credentialHash}, fresh or stale; false without an ACL. */
    public boolean lists(String credentialHash) {
        return byHash.containsKey(credentialHash);
    }

    /** True when {@code candidate} should replace the snapshot in use: there is none, or its version is higher. */
    public boolean isReplacedBy(AclSnapshot candidate) {
        return acl == null || candidate.version() > acl.version();
    }

    public Optional<AclSnapshot> acl() {
        return Optional.ofNullable(acl);
    }
}

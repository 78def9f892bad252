package org.fablab.gateway.port;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.Member;

/**
 * Members of the lab. Every write takes the audit entry that records it and stores both in one
 * transaction: a change is never stored unaudited. Blocking; thread-safe.
 */
public interface MemberStore {

    /** @param text matched case-insensitively against name, email and member number; empty matches all */
    record Search(String text, Optional<Boolean> active, int limit) {
    }

    /** @param territory null when none */
    record Draft(String name, String email, String group, LocalDate validUntil, String territory) {
    }

    /** Only the present fields change. */
    record Change(Optional<String> name, Optional<String> email, Optional<Optional<String>> group,
                  Optional<Optional<LocalDate>> validUntil, Optional<Boolean> active,
                  Optional<Optional<String>> territory, Optional<Boolean> networkVisits) {
        /** A change of the member's consent to network visits alone. */
        public static Change networkVisits(boolean consent) {
            return new Change(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(consent));
        }
    }

    /** By name. */
    List<Member> search(Search search);

    Optional<Member> member(String id);

    /** Creates the member with a fresh id and the next member number; {@code audit} describes the new member. */
    Member create(Draft draft, Instant at, Function<Member, AuditEntry> audit);

    /** @throws NotFound when there is no such member */
    Member update(String id, Change change, AuditEntry audit);
}

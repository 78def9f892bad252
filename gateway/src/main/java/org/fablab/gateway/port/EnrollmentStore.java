package org.fablab.gateway.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.Enrollment;

/** Enrollments by token hash, each write with its audit entry in one transaction. Blocking; thread-safe. */
public interface EnrollmentStore {
    /** Stores a new open enrollment and closes (as superseded) the node's other open ones. */
    void create(String tokenHash, Enrollment enrollment, AuditEntry audit);

    Optional<Enrollment> find(String tokenHash);

    /**
     * Closes the enrollment as used if it is still open at {@code now}, in one conditional update: of two claims at
     * once, exactly one gets {@code true}.
     */
    boolean claim(String tokenHash, Instant now, String fingerprint, AuditEntry audit);

    /** Opens a claimed enrollment again, when what followed the claim failed, so that the node may retry. */
    void release(String tokenHash);

    /** Open at {@code now}, newest first. */
    List<Enrollment> open(Instant now);

    /** Appends an audit entry that goes with no other write (a refused enrollment or key rotation). */
    void audit(AuditEntry entry);
}

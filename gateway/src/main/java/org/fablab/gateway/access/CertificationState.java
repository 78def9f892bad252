package org.fablab.gateway.access;

import java.time.Duration;
import java.time.Instant;
import org.fablab.protocol.Names;

/** Where a certification stands at one instant; made by {@link CertificationRules}. */
public sealed interface CertificationState {

    /**
     * True when the certification is valid now and expires within {@code window} of the instant it was evaluated
     * at, e.g. for "expires within 30 days" reminders. A certification that never expires is never expiring.
     */
    boolean expiringWithin(Duration window);

    /**
     * Valid at {@code asOf}.
     *
     * @param expiresAt exclusive expiry, {@code null} when it never expires
     * @param asOf      the instant it was evaluated at
     */
    record Valid(Instant expiresAt, Instant asOf) implements CertificationState {
        public Valid {
            Names.require("asOf", asOf);
            if (expiresAt != null && !expiresAt.isAfter(asOf)) {
                throw new IllegalArgumentException("a valid certification must expire after " + asOf + ", not " + expiresAt);
            }
        }

        @Override
        public boolean expiringWithin(Duration window) {
            return expiresAt != null && !expiresAt.isAfter(asOf.plus(window));
        }
    }

    /** Expired since {@code at}. */
    record Expired(Instant at) implements CertificationState {
        public Expired {
            Names.require("at", at);
        }

        @Override
        public boolean expiringWithin(Duration window) {
            return false;
        }
    }

    /** Revoked by a fabmanager; never valid again (a new certification is needed). */
    record Revoked() implements CertificationState {
        @Override
        public boolean expiringWithin(Duration window) {
            return false;
        }
    }
}

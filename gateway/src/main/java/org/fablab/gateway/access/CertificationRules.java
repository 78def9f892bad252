package org.fablab.gateway.access;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Evaluation of certifications against their training's validity rule. Pure functions. */
public final class CertificationRules {
    /** Best first: valid beats expired beats revoked; a later expiry beats an earlier one; no expiry beats any. */
    private static final Comparator<CertificationState> BEST_FIRST = Comparator
            .comparingInt(CertificationRules::rank)
            .thenComparing(CertificationRules::horizon, Comparator.nullsFirst(Comparator.reverseOrder()));

    private CertificationRules() {
    }

    /**
     * Where {@code certification} stands at {@code now}.
     *
     * @param lastUse the member's last use of a machine {@code training} unlocks, if any
     * @throws IllegalArgumentException when the certification is not for {@code training}
     */
    public static CertificationState evaluate(Certification certification, Training training, Optional<Instant> lastUse,
                                              Instant now, ZoneId zone) {
        if (!certification.trainingId().equals(training.id())) {
            throw new IllegalArgumentException("certification " + certification.id() + " is for training "
                    + certification.trainingId() + ", not " + training.id());
        }
        if (certification.status() == CertificationStatus.REVOKED) {
            return new CertificationState.Revoked();
        }
        Optional<Instant> expiry = certification.validUntilOverride() != null
                ? Optional.of(certification.validUntilOverride())
                : training.validity().expiresAt(certification.grantedAt(), lastUse, zone);
        if (expiry.isEmpty()) {
            return new CertificationState.Valid(null, now);
        }
        return now.isBefore(expiry.get())
                ? new CertificationState.Valid(expiry.get(), now)
                : new CertificationState.Expired(expiry.get());
    }

    /**
     * The state of the member's best certification for {@code training} among {@code certifications} (others'
     * trainings are skipped), empty when there is none for it.
     */
    public static Optional<CertificationState> best(Collection<Certification> certifications, Training training,
                                                    Optional<Instant> lastUse, Instant now, ZoneId zone) {
        return certifications.stream()
                .filter(c -> c.trainingId().equals(training.id()))
                .map(c -> evaluate(c, training, lastUse, now, zone))
                .min(BEST_FIRST);
    }

    private static int rank(CertificationState state) {
        if (state instanceof CertificationState.Valid) {
            return 0;
        }
        return state instanceof CertificationState.Expired ? 1 : 2;
    }

    /** The instant that orders states of the same rank: later is better, {@code null} (never expires) best. */
    private static Instant horizon(CertificationState state) {
        if (state instanceof CertificationState.Valid valid) {
            return valid.expiresAt();
        }
        return state instanceof CertificationState.Expired expired ? expired.at() : Instant.MIN;
    }
}

package org.fablab.gateway.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The "trainer, then trainee" rule at a machine in train mode: a trainer's badge opens a window of {@code window} on
 * that node; the first refused badge inside it is the trainee. A trainer's badge made before the train mode was set
 * belongs to an earlier mode and counts for nothing. Each trainer badge vouches for one trainee only: the store hands
 * it to one of them ({@link org.fablab.gateway.port.AccessStore#claimTrainerBadge}). Pure: the badge is kept with the
 * mode in the database, where every gateway instance finds it.
 */
public final class PeerTraining {
    private final Duration window;

    /** A trainer's badge on a node, at the node's time. */
    public record TrainerBadge(String memberId, Instant at) {
    }

    public PeerTraining(Duration window) {
        this.window = window;
    }

    /** Whether a trainer's badge at {@code at} counts for the train mode set at {@code modeSetAt}. */
    public static boolean countsFor(Instant at, Instant modeSetAt) {
        return !at.isBefore(modeSetAt);
    }

    /** Whether {@code trainer} vouches for a badge refused at {@code at}: one made within the window before. */
    public boolean vouchesFor(TrainerBadge trainer, Instant at) {
        return !at.isBefore(trainer.at()) && !at.isAfter(trainer.at().plus(window));
    }
}

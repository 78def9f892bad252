package org.fablab.gateway.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The "trainer, then trainee" rule at a machine in train mode: a trainer's badge opens a window of
 * {@code window} on that node; the first refused badge inside it is the trainee. Each trainer badge
 * vouches for one trainee only. Not thread-safe: one thread feeds it.
 */
public final class PeerTraining {
    private final Duration window;
    private final Map<String, TrainerBadge> lastTrainer = new HashMap<>();

    /** A trainer's badge on a node, at the node's time. */
    public record TrainerBadge(String memberId, Instant at) {
    }

    public PeerTraining(Duration window) {
        this.window = window;
    }

    public void trainerBadged(String nodeId, String trainerMemberId, Instant at) {
        lastTrainer.put(nodeId, new TrainerBadge(trainerMemberId, at));
    }

    /** The trainer vouching for a badge refused at {@code at}, if one badged within the window before; used once. */
    public Optional<TrainerBadge> traineeBadged(String nodeId, Instant at) {
        TrainerBadge trainer = lastTrainer.get(nodeId);
        if (trainer == null || at.isBefore(trainer.at()) || at.isAfter(trainer.at().plus(window))) {
            return Optional.empty();
        }
        lastTrainer.remove(nodeId);
        return Optional.of(trainer);
    }

    public void forget(String nodeId) {
        lastTrainer.remove(nodeId);
    }
}

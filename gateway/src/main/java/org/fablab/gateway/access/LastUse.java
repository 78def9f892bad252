package org.fablab.gateway.access;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A member's last use of a machine, by the training it needs rather than by machine kind. Pure. */
public final class LastUse {
    private LastUse() {
    }

    /**
     * @param byKind machine kind → start of the member's last session on a machine of that kind
     * @return training id → start of their last session on a machine that training unlocks
     */
    public static Map<String, Instant> byTraining(Map<String, Instant> byKind, List<Training> trainings) {
        Map<String, Instant> byTraining = new HashMap<>();
        for (Training training : trainings) {
            training.machineKinds().stream().map(byKind::get).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder()).ifPresent(last -> byTraining.put(training.id(), last));
        }
        return byTraining;
    }
}

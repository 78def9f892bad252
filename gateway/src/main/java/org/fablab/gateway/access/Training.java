package org.fablab.gateway.access;

import java.util.Set;
import org.fablab.protocol.Names;

/**
 * A qualification the lab delivers.
 *
 * @param machineKinds the machine kinds this training unlocks, e.g. {@code laser-cutter}
 */
public record Training(String id, String name, TrainingCategory category, Set<String> machineKinds,
                       TrainingValidity validity) {
    public Training {
        Names.requireId("training.id", id);
        Names.requireText("training.name", name);
        Names.require("training.category", category);
        machineKinds = Set.copyOf(Names.require("training.machineKinds", machineKinds));
        machineKinds.forEach(kind -> Names.requireId("training.machineKinds[]", kind));
        Names.require("training.validity", validity);
    }

    /** True when this training names machines of {@code kind}, whatever its category. */
    public boolean unlocks(String kind) {
        return machineKinds.contains(kind);
    }

    /** True when a member needs a valid certification for this training to use a machine of {@code kind}. */
    public boolean gates(String kind) {
        return category.gates() && unlocks(kind);
    }
}

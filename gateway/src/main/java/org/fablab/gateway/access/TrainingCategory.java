package org.fablab.gateway.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fablab.protocol.WireNames;

/** What a training is for. Safety and competency trainings gate the machines they name; optional ones never do. */
public enum TrainingCategory implements WireNames.Named {
    SAFETY,
    COMPETENCY,
    OPTIONAL;

    /** True when a missing or expired certification for a training of this category denies access. */
    public boolean gates() {
        return this != OPTIONAL;
    }

    @JsonCreator
    public static TrainingCategory fromWire(String wire) {
        return WireNames.parse(TrainingCategory.class, "training.category", wire);
    }
}

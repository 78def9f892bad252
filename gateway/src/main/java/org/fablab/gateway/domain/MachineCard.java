package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A machine as the API shows it: its live board card plus what fabmanagers set (availability and the
 * reason for it) and the trainings it requires.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MachineCard(@JsonUnwrapped MachineView live, String availability, String availabilityReason,
                          List<TrainingRef> requiredTrainings) {
    public record TrainingRef(String id, String name) {
    }
}

package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.fablab.gateway.access.MachineAvailability;

/**
 * A machine as the API shows it: its live board card plus what fabmanagers set (availability and the
 * reason for it) and the trainings it requires.
 *
 * @param availability what fabmanagers set, except that a machine set {@code available} whose node is offline
 *                     (or not seen since the gateway started) reads {@value #NODE_OFFLINE}: nobody can badge on it
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MachineCard(@JsonUnwrapped MachineView live, String availability, String availabilityReason,
                          List<TrainingRef> requiredTrainings) {
    public static final String NODE_OFFLINE = "offline";

    public record TrainingRef(String id, String name) {
    }

    /** The card of {@code live} with the availability fabmanagers set, {@value #NODE_OFFLINE} as described above. */
    public static MachineCard of(MachineView live, MachineAvailability set, String reason, List<TrainingRef> required) {
        boolean nodeDown = live.node() != null && !live.nodeOnline();
        String availability = set == MachineAvailability.AVAILABLE && nodeDown ? NODE_OFFLINE : set.wire();
        return new MachineCard(live, availability, reason, required);
    }
}

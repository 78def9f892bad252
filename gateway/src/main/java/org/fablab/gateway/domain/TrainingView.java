package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A training with who holds and who teaches it.
 *
 * @param validity     {@code {"kind": …, "days": …, "until": …}} as in the API
 * @param holders      members holding a valid certification now
 * @param expiringSoon of those, how many end within the reminder window
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TrainingView(String id, String name, String category, Set<String> machineKinds,
                           Map<String, Object> validity, int holders, int expiringSoon, List<Trainer> trainers) {
    public record Trainer(String memberId, String name) {
    }
}

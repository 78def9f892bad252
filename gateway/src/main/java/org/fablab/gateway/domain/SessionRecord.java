package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.fablab.protocol.EndReason;

/**
 * A machine session as the gateway knows it from its node's events. Open while {@code endedAt} is
 * null; durations in whole seconds, energy in watt-hours.
 *
 * @param id         the node-made session id (unique per node)
 * @param memberName display name, or null when the badge is unknown to the gateway
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SessionRecord(String id, String node, String machine, String memberId, String memberName,
                            Instant startedAt, Instant endedAt, Long wallSeconds, long activeSeconds,
                            double energyWh, EndReason endReason, boolean interrupted, boolean offline) {

    @JsonProperty("state")
    public String state() {
        return endedAt == null ? "active" : "ended";
    }
}

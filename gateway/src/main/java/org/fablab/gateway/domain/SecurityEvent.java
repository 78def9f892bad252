package org.fablab.gateway.domain;

import java.time.Instant;
import org.fablab.protocol.Rejection;

/** A message the gateway refused, as shown in the security log. {@code node} is null when unknown. */
public record SecurityEvent(String id, Instant occurredAt, String node, String topic, Rejection reason,
                            String detail) {
}

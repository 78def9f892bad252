package org.fablab.protocol;

import java.util.Optional;

/** The outcome of verifying one inbound MQTT message. */
public sealed interface Inbound {

    /** Signed by the expected key, well-formed and fresh enough. {@code body} is the exact signed JSON. */
    record Accepted(Topic topic, Message message, String body) implements Inbound {
    }

    /**
     * Refused, with a human-readable {@code detail}. {@code topic} is the raw topic string;
     * {@code node} is known when the topic parsed.
     */
    record Rejected(Rejection reason, String detail, String topic, String node) implements Inbound {
        public Optional<String> nodeIfKnown() {
            return Optional.ofNullable(node);
        }
    }
}

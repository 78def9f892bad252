package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why an inbound message was refused. Each is logged, counted and shown in the security log;
 * a refused message is never acted on or billed.
 */
public enum Rejection implements WireNames.Named {
    /** Payload larger than the limit for its channel. */
    OVERSIZE("oversize"),
    /** Topic is not a v1 node topic. */
    BAD_TOPIC("bad-topic"),
    /** Envelope or body is not the JSON the contract defines. */
    MALFORMED("malformed"),
    /** Body {@code v} is not a version this side speaks. */
    UNSUPPORTED_VERSION("unsupported-version"),
    /** Body {@code lab} or {@code node} differs from the topic's. */
    TOPIC_MISMATCH("topic-mismatch"),
    /** No public key is registered for the sender. */
    UNKNOWN_NODE("unknown-node"),
    MISSING_SIGNATURE("missing-signature"),
    BAD_SIGNATURE("bad-signature"),
    /** Signed and well-formed JSON, but a field is missing or out of range. */
    INVALID_FIELD("invalid-field"),
    /** {@code ts} too far in the future, or too old for a channel that must be fresh. */
    CLOCK_SKEW("clock-skew"),
    /** A {@code seq} the receiver already holds with different content. */
    REPLAYED_SEQ("replayed-seq");

    private final String wire;

    Rejection(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }
}

package org.fablab.protocol;

/**
 * Why an inbound message was refused. Each is logged, counted and shown in the security log;
 * a refused message is never acted on or billed.
 */
public enum Rejection implements WireNames.Named {
    /** Payload larger than the limit for its channel. */
    OVERSIZE,
    /** Topic is not a v1 node topic. */
    BAD_TOPIC,
    /** Envelope or body is not the JSON the contract defines. */
    MALFORMED,
    /** Body {@code v} is not a version this side speaks. */
    UNSUPPORTED_VERSION,
    /** Body {@code lab} or {@code node} differs from the topic's. */
    TOPIC_MISMATCH,
    /** No public key is registered for the sender. */
    UNKNOWN_NODE,
    /** A message between labs from a lab that is not a partner, or addressed to another lab. */
    UNKNOWN_PARTNER,
    MISSING_SIGNATURE,
    BAD_SIGNATURE,
    /** Signed and well-formed JSON, but a field is missing or out of range. */
    INVALID_FIELD,
    /** {@code ts} too far in the future, or too old for a channel that must be fresh. */
    CLOCK_SKEW,
    /** A {@code seq} the receiver already holds with different content. */
    REPLAYED_SEQ;
}

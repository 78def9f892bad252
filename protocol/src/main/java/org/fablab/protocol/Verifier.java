package org.fablab.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.fablab.protocol.SignedEnvelope.Refused;

/**
 * Checks an inbound MQTT message in the order documented in {@code docs/protocol.md}: size, topic,
 * envelope, body JSON, version, lab/node against the topic, sender key, signature, fields and their ranges
 * ({@link FieldRanges}), clock.
 * The first failed check decides the {@link Rejection}. Thread-safe; pure apart from the injected clock.
 */
public final class Verifier {
    /** Limits applied by {@link Verifier}. */
    public record Limits(int maxPayloadBytes, int maxAclPayloadBytes, Duration maxFutureSkew,
                         Duration maxCommandAge) {
        public static final Limits DEFAULT = new Limits(64 * 1024, 1024 * 1024, Duration.ofMinutes(5),
                Duration.ofMinutes(5));
    }

    private static final Map<Channel, Class<? extends Message>> TYPES = Map.of(
            Channel.STATUS, NodeStatus.class,
            Channel.EVENTS, NodeEvent.class,
            Channel.AUTH_REQUEST, AuthRequest.class,
            Channel.AUTH_RESPONSE, AuthResponse.class,
            Channel.ACL, AclSnapshot.class,
            Channel.CMD, Command.class);

    private final KeyResolver keys;
    private final Clock clock;
    private final Limits limits;
    private final SignatureCheck signatures;

    /** A verifier using the JDK's own Ed25519. */
    public Verifier(KeyResolver keys, Clock clock, Limits limits) {
        this(keys, clock, limits, SignatureCheck.JDK);
    }

    public Verifier(KeyResolver keys, Clock clock, Limits limits, SignatureCheck signatures) {
        this.keys = keys;
        this.clock = clock;
        this.limits = limits;
        this.signatures = signatures;
    }

    public Inbound verify(String rawTopic, byte[] payload) {
        Topic topic;
        try {
            topic = Topic.of(rawTopic);
        } catch (IllegalArgumentException e) {
            return new Inbound.Rejected(Rejection.BAD_TOPIC, e.getMessage(), rawTopic, null);
        }
        try {
            return verify(topic, payload);
        } catch (Refused e) {
            return new Inbound.Rejected(e.reason(), e.getMessage(), rawTopic, topic.node());
        }
    }

    private Inbound verify(Topic topic, byte[] payload) {
        int limit = topic.channel() == Channel.ACL ? limits.maxAclPayloadBytes() : limits.maxPayloadBytes();
        if (payload.length > limit) {
            throw new Refused(Rejection.OVERSIZE, payload.length + " bytes, limit " + limit);
        }
        SignedEnvelope envelope = SignedEnvelope.open(payload);
        JsonNode tree = envelope.tree();
        if (!topic.lab().equals(tree.path("lab").asText()) || !topic.node().equals(tree.path("node").asText())) {
            throw new Refused(Rejection.TOPIC_MISMATCH, "body lab/node '" + tree.path("lab").asText()
                    + "/" + tree.path("node").asText() + "' differ from the topic");
        }
        PublicKey key = keys.keyFor(topic).orElseThrow(() -> new Refused(Rejection.UNKNOWN_NODE,
                "no public key registered for node '" + topic.node() + "'"));
        envelope.checkSignature(key, topic.toString(), signatures);
        Message message = envelope.bind(TYPES.get(topic.channel()));
        checkRanges(message);
        checkClock(topic.channel(), message.ts());
        return new Inbound.Accepted(topic, message, envelope.body());
    }

    private static void checkRanges(Message message) {
        try {
            FieldRanges.check(message);
        } catch (IllegalArgumentException e) {
            throw new Refused(Rejection.INVALID_FIELD, e.getMessage());
        }
    }

    private void checkClock(Channel channel, Instant ts) {
        Instant now = clock.instant();
        if (ts.isAfter(now.plus(limits.maxFutureSkew()))) {
            throw new Refused(Rejection.CLOCK_SKEW, "ts " + ts + " is ahead of the receiver's clock " + now);
        }
        boolean mustBeFresh = channel == Channel.CMD || channel == Channel.AUTH_RESPONSE;
        if (mustBeFresh && ts.isBefore(now.minus(limits.maxCommandAge()))) {
            throw new Refused(Rejection.CLOCK_SKEW, "ts " + ts + " is older than " + limits.maxCommandAge());
        }
    }

}

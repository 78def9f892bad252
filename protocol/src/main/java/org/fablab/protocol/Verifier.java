package org.fablab.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

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

    private static final int SIGNATURE_LENGTH = 64;
    private static final int SIGNATURE_BASE64_LENGTH = 88;

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
        } catch (RejectedException e) {
            return new Inbound.Rejected(e.reason, e.getMessage(), rawTopic, topic.node());
        }
    }

    private Inbound verify(Topic topic, byte[] payload) {
        int limit = topic.channel() == Channel.ACL ? limits.maxAclPayloadBytes() : limits.maxPayloadBytes();
        if (payload.length > limit) {
            throw new RejectedException(Rejection.OVERSIZE, payload.length + " bytes, limit " + limit);
        }
        JsonNode envelope = parse(payload, "envelope");
        if (!envelope.isObject() || !envelope.path("body").isTextual()) {
            throw new RejectedException(Rejection.MALFORMED, "envelope must be an object with a string 'body'");
        }
        JsonNode sigNode = envelope.path("sig");
        if (!sigNode.isTextual() || sigNode.asText().isEmpty()) {
            throw new RejectedException(Rejection.MISSING_SIGNATURE, "envelope has no 'sig'");
        }
        String body = envelope.get("body").asText();
        JsonNode tree = parse(body, "body");
        if (!tree.isObject()) {
            throw new RejectedException(Rejection.MALFORMED, "body must be a JSON object");
        }
        JsonNode v = tree.path("v");
        if (!v.isInt()) {
            throw new RejectedException(Rejection.UNSUPPORTED_VERSION, "body has no integer 'v'");
        }
        if (v.asInt() != Message.VERSION) {
            throw new RejectedException(Rejection.UNSUPPORTED_VERSION,
                    "v " + v.asInt() + " is not supported (this side speaks " + Message.VERSION + ")");
        }
        if (!topic.lab().equals(tree.path("lab").asText()) || !topic.node().equals(tree.path("node").asText())) {
            throw new RejectedException(Rejection.TOPIC_MISMATCH, "body lab/node '" + tree.path("lab").asText()
                    + "/" + tree.path("node").asText() + "' differ from the topic");
        }
        PublicKey key = keys.keyFor(topic).orElseThrow(() -> new RejectedException(Rejection.UNKNOWN_NODE,
                "no public key registered for node '" + topic.node() + "'"));
        checkSignature(key, topic, body, sigNode.asText());
        Message message = bind(tree, topic.channel());
        checkRanges(message);
        checkClock(topic.channel(), message.ts());
        return new Inbound.Accepted(topic, message, body);
    }

    private static JsonNode parse(Object json, String what) {
        try {
            return json instanceof byte[] bytes ? Json.mapper().readTree(bytes) : Json.mapper().readTree((String) json);
        } catch (java.io.IOException e) {
            throw new RejectedException(Rejection.MALFORMED, what + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private void checkSignature(PublicKey key, Topic topic, String body, String sig) {
        byte[] signature = decodeSignature(sig);
        if (!signatures.verify(key, Signer.signedBytes(topic.toString(), body), signature)) {
            throw new RejectedException(Rejection.BAD_SIGNATURE, "signature does not match the body and topic");
        }
    }

    /**
     * The only accepted form: standard padded base64 of exactly 64 bytes, i.e. 88 characters ending in
     * {@code ==}, and canonical (the unused low bits of the last character are zero), so that one
     * signature has exactly one text form.
     */
    private static byte[] decodeSignature(String sig) {
        if (sig.length() != SIGNATURE_BASE64_LENGTH) {
            throw new RejectedException(Rejection.BAD_SIGNATURE, "sig must be " + SIGNATURE_BASE64_LENGTH
                    + " base64 characters (64 bytes, padded), was " + sig.length());
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(Rejection.BAD_SIGNATURE, "sig is not standard base64");
        }
        if (signature.length != SIGNATURE_LENGTH || !Base64.getEncoder().encodeToString(signature).equals(sig)) {
            throw new RejectedException(Rejection.BAD_SIGNATURE, "sig is not the canonical base64 of 64 bytes");
        }
        return signature;
    }

    private static Message bind(JsonNode tree, Channel channel) {
        try {
            return Json.mapper().treeToValue(tree, TYPES.get(channel));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new RejectedException(Rejection.INVALID_FIELD, firstLine(cause.getMessage()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new RejectedException(Rejection.INVALID_FIELD, firstLine(e.getMessage()));
        }
    }

    private static void checkRanges(Message message) {
        try {
            FieldRanges.check(message);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(Rejection.INVALID_FIELD, e.getMessage());
        }
    }

    private void checkClock(Channel channel, Instant ts) {
        Instant now = clock.instant();
        if (ts.isAfter(now.plus(limits.maxFutureSkew()))) {
            throw new RejectedException(Rejection.CLOCK_SKEW, "ts " + ts + " is ahead of the receiver's clock " + now);
        }
        boolean mustBeFresh = channel == Channel.CMD || channel == Channel.AUTH_RESPONSE;
        if (mustBeFresh && ts.isBefore(now.minus(limits.maxCommandAge()))) {
            throw new RejectedException(Rejection.CLOCK_SKEW, "ts " + ts + " is older than " + limits.maxCommandAge());
        }
    }

    private static String firstLine(String message) {
        return Optional.ofNullable(message).map(m -> m.lines().findFirst().orElse("")).orElse("");
    }

    private static final class RejectedException extends RuntimeException {
        private final Rejection reason;

        RejectedException(Rejection reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}

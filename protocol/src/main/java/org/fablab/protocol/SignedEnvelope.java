package org.fablab.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;

/**
 * An opened {@code {"body": "<JSON>", "sig": "<base64>"}} envelope whose body is a JSON object of a version this side
 * speaks; its signature is checked by {@link #checkSignature} once the receiver knows the sender's key. Shared by the
 * node channels ({@link Verifier}) and the channels between partner labs, so both refuse the same way, in the order
 * documented in {@code docs/protocol.md}.
 */
public final class SignedEnvelope {
    private static final int SIGNATURE_LENGTH = 64;
    private static final int SIGNATURE_BASE64_LENGTH = 88;

    private final String body;
    private final JsonNode tree;
    private final String sig;

    private SignedEnvelope(String body, JsonNode tree, String sig) {
        this.body = body;
        this.tree = tree;
        this.sig = sig;
    }

    /**
     * Parses the envelope and its body, and checks the body's {@code v}.
     *
     * @throws Refused with {@link Rejection#MALFORMED}, {@link Rejection#MISSING_SIGNATURE} or
     *                 {@link Rejection#UNSUPPORTED_VERSION}
     */
    public static SignedEnvelope open(byte[] payload) {
        JsonNode envelope = parse(payload, "envelope");
        if (!envelope.isObject() || !envelope.path("body").isTextual()) {
            throw new Refused(Rejection.MALFORMED, "envelope must be an object with a string 'body'");
        }
        JsonNode sigNode = envelope.path("sig");
        if (!sigNode.isTextual() || sigNode.asText().isEmpty()) {
            throw new Refused(Rejection.MISSING_SIGNATURE, "envelope has no 'sig'");
        }
        String body = envelope.get("body").asText();
        JsonNode tree = parse(body, "body");
        if (!tree.isObject()) {
            throw new Refused(Rejection.MALFORMED, "body must be a JSON object");
        }
        JsonNode v = tree.path("v");
        if (!v.isInt()) {
            throw new Refused(Rejection.UNSUPPORTED_VERSION, "body has no integer 'v'");
        }
        if (v.asInt() != Message.VERSION) {
            throw new Refused(Rejection.UNSUPPORTED_VERSION,
                    "v " + v.asInt() + " is not supported (this side speaks " + Message.VERSION + ")");
        }
        return new SignedEnvelope(body, tree, sigNode.asText());
    }

    /** The exact signed body text. */
    public String body() {
        return body;
    }

    /** The body, parsed. */
    public JsonNode tree() {
        return tree;
    }

    /**
     * Checks the signature over {@code topic} and the body.
     *
     * @throws Refused with {@link Rejection#BAD_SIGNATURE}
     */
    public void checkSignature(PublicKey key, String topic, SignatureCheck signatures) {
        if (!signatures.verify(key, Signer.signedBytes(topic, body), decodeSignature(sig))) {
            throw new Refused(Rejection.BAD_SIGNATURE, "signature does not match the body and topic");
        }
    }

    /**
     * The body as a message of {@code type}, read with the contract's strict JSON types.
     *
     * @throws Refused with {@link Rejection#INVALID_FIELD} naming the first field that does not fit
     */
    public <T> T bind(Class<T> type) {
        try {
            return Json.mapper().treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new Refused(Rejection.INVALID_FIELD, firstLine(cause.getMessage()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new Refused(Rejection.INVALID_FIELD, firstLine(e.getMessage()));
        }
    }

    private static JsonNode parse(Object json, String what) {
        try {
            return json instanceof byte[] bytes ? Json.mapper().readTree(bytes) : Json.mapper().readTree((String) json);
        } catch (IOException e) {
            throw new Refused(Rejection.MALFORMED, what + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * The only accepted form: standard padded base64 of exactly 64 bytes, i.e. 88 characters ending in
     * {@code ==}, and canonical (the unused low bits of the last character are zero), so that one
     * signature has exactly one text form.
     */
    private static byte[] decodeSignature(String sig) {
        if (sig.length() != SIGNATURE_BASE64_LENGTH) {
            throw new Refused(Rejection.BAD_SIGNATURE, "sig must be " + SIGNATURE_BASE64_LENGTH
                    + " base64 characters (64 bytes, padded), was " + sig.length());
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            throw new Refused(Rejection.BAD_SIGNATURE, "sig is not standard base64");
        }
        if (signature.length != SIGNATURE_LENGTH || !Base64.getEncoder().encodeToString(signature).equals(sig)) {
            throw new Refused(Rejection.BAD_SIGNATURE, "sig is not the canonical base64 of 64 bytes");
        }
        return signature;
    }

    /** The first line of an exception message, for a refusal's detail. */
    private static String firstLine(String message) {
        return Optional.ofNullable(message).map(m -> m.lines().findFirst().orElse("")).orElse("");
    }

    /** A refusal with its reason and a human-readable detail; cheap (no stack trace). */
    public static final class Refused extends RuntimeException {
        private final Rejection reason;

        public Refused(Rejection reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public Rejection reason() {
            return reason;
        }
    }
}

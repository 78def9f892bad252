package org.fablab.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import org.fablab.protocol.network.NetworkMessage;

/**
 * Serialises a message and wraps it in the signed envelope {@code {"body": "<message JSON>", "sig": "<base64>"}}.
 * The signature is Ed25519 over {@link #signedBytes(String, String)}. Thread-safe.
 */
public final class Signer {
    private final PrivateKey key;
    private final SignatureMaker maker;

    public Signer(PrivateKey key) {
        this(key, SignatureMaker.JDK);
    }

    /** @param maker the Ed25519 implementation to sign with */
    public Signer(PrivateKey key, SignatureMaker maker) {
        this.key = Names.require("signing key", key);
        this.maker = Names.require("signature maker", maker);
    }

    /** The exact bytes that are signed: UTF-8 of the topic, one line feed (0x0A), UTF-8 of the body. */
    public static byte[] signedBytes(String topic, String body) {
        return (topic + "\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** The MQTT payload for {@code message} on its own topic. */
    public byte[] sign(Message message) {
        return signRecord(message.topic().toString(), message);
    }

    /** The MQTT payload for a message to a partner lab, on its own topic. */
    public byte[] sign(NetworkMessage message) {
        return signRecord(message.topic().toString(), message);
    }

    private byte[] signRecord(String topic, Object message) {
        try {
            return envelope(topic, Json.mapper().writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("message records always serialise", e);
        }
    }

    /** The MQTT payload for an already serialised body; used by test vectors and other tools. */
    public byte[] envelope(String topic, String body) {
        ObjectNode envelope = Json.mapper().createObjectNode();
        envelope.put("body", body);
        envelope.put("sig", Base64.getEncoder().encodeToString(signature(topic, body)));
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] signature(String topic, String body) {
        return maker.sign(key, signedBytes(topic, body));
    }
}

package org.fablab.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The contract v1 test vectors ({@code test-vectors/v1.json}), made by an independent implementation.
 * Shared with the gateway and node tests through this module's test jar.
 */
public final class TestVectors {
    public static final String LAB = "demo-lab";
    private static final JsonNode ROOT = load();

    private TestVectors() {
    }

    public static JsonNode root() {
        return ROOT;
    }

    public static Clock clock() {
        return Clock.fixed(Instant.parse(ROOT.get("now").asText()), ZoneOffset.UTC);
    }

    public static Verifier.Limits limits() {
        JsonNode l = ROOT.get("limits");
        return new Verifier.Limits(l.get("maxPayloadBytes").asInt(), l.get("maxAclPayloadBytes").asInt(),
                Duration.parse(l.get("maxFutureSkew").asText()), Duration.parse(l.get("maxCommandAge").asText()));
    }

    public static PublicKey gatewayPublicKey() {
        return Ed25519Keys.publicKey(ROOT.at("/gateway/public").asText());
    }

    public static PrivateKey gatewayPrivateKey() {
        return Ed25519Keys.privateKey(ROOT.at("/gateway/private").asText());
    }

    public static PublicKey nodePublicKey(String node) {
        return Ed25519Keys.publicKey(ROOT.at("/nodes/" + node + "/public").asText());
    }

    public static PrivateKey nodePrivateKey(String node) {
        return Ed25519Keys.privateKey(ROOT.at("/nodes/" + node + "/private").asText());
    }

    public static byte[] pepper() {
        return HexFormat.of().parseHex(ROOT.get("pepper").asText());
    }

    /** The network pepper the partner labs of the vectors share (docs/network.md). */
    public static byte[] networkPepper() {
        return HexFormat.of().parseHex(ROOT.get("networkPepper").asText());
    }

    /** Node keys for node-to-gateway channels, the gateway key for the others. */
    public static KeyResolver keys() {
        return topic -> {
            if (topic.channel().direction() == Channel.Direction.GATEWAY_TO_NODE) {
                return Optional.of(gatewayPublicKey());
            }
            return ROOT.path("nodes").has(topic.node()) ? Optional.of(nodePublicKey(topic.node())) : Optional.empty();
        };
    }

    private static JsonNode load() {
        try (InputStream in = TestVectors.class.getResourceAsStream("/test-vectors/v1.json")) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.fablab.protocol.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.SignatureCheck;
import org.fablab.protocol.SignedEnvelope;
import org.fablab.protocol.SignedEnvelope.Refused;

/**
 * Checks a message from a partner lab in the order documented in {@code docs/network.md}: topic, addressee, size,
 * envelope, body JSON, version, from/to against the topic, the partner's gateway key, signature, fields, clock. A lab
 * that is not a partner has no key here, so its messages are refused as {@link Rejection#UNKNOWN_PARTNER}.
 * Thread-safe; pure apart from the injected clock.
 */
public final class NetworkVerifier {
    /** Largest payload: a pass list of some thousands of members. */
    public static final int MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
    private static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    private static final Map<NetworkChannel, Class<? extends NetworkMessage>> TYPES =
            Map.of(NetworkChannel.PASSES, VisitorPasses.class, NetworkChannel.RECEIPTS, UsageReceipt.class,
                    NetworkChannel.ACKS, ReceiptAck.class, NetworkChannel.SETTLEMENTS, SettlementStatement.class);

    private final String ownLab;
    private final Function<String, Optional<PublicKey>> partnerKeys;
    private final Clock clock;
    private final SignatureCheck signatures;

    /**
     * @param ownLab      this lab's id; messages addressed to another lab are refused
     * @param partnerKeys a partner lab's id to its gateway's public key; empty for a lab that is not a partner
     */
    public NetworkVerifier(String ownLab, Function<String, Optional<PublicKey>> partnerKeys, Clock clock) {
        this.ownLab = ownLab;
        this.partnerKeys = partnerKeys;
        this.clock = clock;
        this.signatures = SignatureCheck.JDK;
    }

    public NetworkInbound verify(String rawTopic, byte[] payload) {
        NetworkTopic topic;
        try {
            topic = NetworkTopic.of(rawTopic);
        } catch (IllegalArgumentException e) {
            return new NetworkInbound.Rejected(Rejection.BAD_TOPIC, e.getMessage(), rawTopic, null);
        }
        try {
            return verify(topic, payload);
        } catch (Refused e) {
            return new NetworkInbound.Rejected(e.reason(), e.getMessage(), rawTopic, topic.from());
        }
    }

    private NetworkInbound verify(NetworkTopic topic, byte[] payload) {
        if (!TYPES.containsKey(topic.channel())) {
            throw new Refused(Rejection.BAD_TOPIC, "channel '" + topic.channel().suffix()
                    + "' is not read by this version");
        }
        if (!topic.to().equals(ownLab)) {
            throw new Refused(Rejection.UNKNOWN_PARTNER, "addressed to lab '" + topic.to() + "', this is '"
                    + ownLab + "'");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new Refused(Rejection.OVERSIZE, payload.length + " bytes, limit " + MAX_PAYLOAD_BYTES);
        }
        SignedEnvelope envelope = SignedEnvelope.open(payload);
        JsonNode tree = envelope.tree();
        if (!topic.from().equals(tree.path("from").asText()) || !topic.to().equals(tree.path("to").asText())) {
            throw new Refused(Rejection.TOPIC_MISMATCH, "body from/to '" + tree.path("from").asText() + "/"
                    + tree.path("to").asText() + "' differ from the topic");
        }
        PublicKey key = partnerKeys.apply(topic.from()).orElseThrow(() -> new Refused(Rejection.UNKNOWN_PARTNER,
                "lab '" + topic.from() + "' is not a partner of '" + ownLab + "'"));
        envelope.checkSignature(key, topic.toString(), signatures);
        NetworkMessage message = envelope.bind(TYPES.get(topic.channel()));
        Instant now = clock.instant();
        if (message.ts().isAfter(now.plus(MAX_FUTURE_SKEW))) {
            throw new Refused(Rejection.CLOCK_SKEW, "ts " + message.ts() + " is ahead of the receiver's clock " + now);
        }
        return new NetworkInbound.Accepted(topic, message, envelope.body());
    }
}

package org.fablab.gateway.service;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.Enrollment;
import org.fablab.gateway.domain.EnrollmentTokens;
import org.fablab.gateway.domain.auth.LoginThrottle;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.gateway.port.EnrollmentStore;
import org.fablab.gateway.port.FailureLog;
import org.fablab.gateway.port.NodeActivation;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.KeyRotation;
import org.fablab.protocol.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrollment with one-time tokens and key rotation (docs/enrollment.md). An admin creates an enrollment and hands its
 * token to the installer; the node redeems it once with its new public key and receives what it needs to run. Every
 * redemption and rotation, accepted or refused, is audited with the client's address; a token is never logged.
 * Blocking (store, registry, broker); thread-safe.
 */
public final class EnrollmentService {
    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentService.class);
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
    public static final Duration MAX_TTL = Duration.ofHours(24);
    /** How far a rotation request's {@code ts} may be from the gateway's clock, either way. */
    public static final Duration ROTATION_WINDOW = Duration.ofMinutes(5);
    /** Refused tokens or rotations from one address within {@link #REFUSAL_WINDOW} before it must wait. */
    public static final int MAX_REFUSALS = 20;
    public static final Duration REFUSAL_WINDOW = Duration.ofMinutes(15);
    private static final int BROKER_PASSWORD_BYTES = 24;
    private static final String SUBJECT = "node";

    /**
     * What every enrolled node receives besides its own credentials.
     *
     * @param brokerUrl        the broker as the nodes reach it (not necessarily the gateway's own, loopback URL)
     * @param gatewayPublicKey raw Ed25519, base64
     * @param labPepper        hex
     * @param caCertificate    PEM of the lab CA the node pins, or null when the broker has a public certificate
     * @param networkPepper    hex of the pepper shared with partner labs, or null when the lab is in no network
     */
    public record Settings(String lab, String brokerUrl, String gatewayPublicKey, String labPepper,
                           String caCertificate, String networkPepper) {
        @Override
        public String toString() {
            return "Settings[lab=" + lab + ", brokerUrl=" + brokerUrl + "]";
        }
    }

    /** A new enrollment; {@code token} is shown once and is not kept. */
    public record Created(String nodeId, String machineId, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Created[nodeId=" + nodeId + ", machineId=" + machineId + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** An open enrollment as listed: never its token. */
    public record Open(String nodeId, String machineId, String createdBy, Instant createdAt, Instant expiresAt) {
    }

    /** Everything an enrolled node needs to write its config (the wire answer of {@code POST /enroll}). */
    public record Grant(String lab, String nodeId, String machineId, String brokerUrl, String mqttUsername,
                        String mqttPassword, String gatewayPublicKey, String labPepper, String caCertificate,
                        String fingerprint, String networkPepper) {
        @Override
        public String toString() {
            return "Grant[lab=" + lab + ", nodeId=" + nodeId + ", fingerprint=" + fingerprint + "]";
        }
    }

    /** Why a token is refused; each has its own message for the installer. */
    public enum Refusal {
        UNKNOWN("unknown"), EXPIRED("expired"), USED("used"), SUPERSEDED("superseded");

        private final String wire;

        Refusal(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** The outcome of a redemption. */
    public sealed interface Redemption {
        record Enrolled(Grant grant) implements Redemption {
        }

        record Refused(Refusal reason, String detail) implements Redemption {
        }

        /** Too many refusals from this address lately: answered without looking at the token, nor auditing. */
        record Throttled(Duration retryAfter) implements Redemption {
        }
    }

    /** The outcome of a key rotation; a refusal's detail says why, for the node's operator. */
    public sealed interface Rotation {
        record Rotated(String fingerprint) implements Rotation {
        }

        record Refused(String detail) implements Rotation {
        }

        record Throttled(Duration retryAfter) implements Rotation {
        }
    }

    private final EnrollmentStore store;
    private final NodeActivation activation;
    private final BrokerAccounts brokers;
    private final Settings settings;
    private final Clock clock;
    private final EnrollmentTokens tokens;
    private final SecureRandom random;
    /**
     * Guessing a token is hopeless (160 bits), but every refusal is written to the append-only audit log: past
     * {@link #MAX_REFUSALS} from one address, its requests are turned away before anything is written.
     */
    private final AttemptThrottle refusals;

    public EnrollmentService(EnrollmentStore store, NodeActivation activation, BrokerAccounts brokers,
                             Settings settings, FailureLog failures, Clock clock, SecureRandom random) {
        this.store = store;
        this.activation = activation;
        this.brokers = brokers;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.tokens = new EnrollmentTokens(random);
        this.refusals = new AttemptThrottle(failures, "enrollment",
                new LoginThrottle(MAX_REFUSALS, MAX_REFUSALS, REFUSAL_WINDOW), clock);
    }

    /**
     * Declares the node as expected on its machine and makes its token, valid for {@code ttl} (default
     * {@link #DEFAULT_TTL}, 1 minute to {@link #MAX_TTL}). An open enrollment of the same node is superseded.
     */
    public Created create(String actor, String nodeId, String machineId, Optional<Duration> ttl) {
        Names.requireId("nodeId", nodeId);
        Names.requireId("machineId", machineId);
        Duration valid = ttl.orElse(DEFAULT_TTL);
        if (valid.compareTo(Duration.ofMinutes(1)) < 0 || valid.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be from 1 minute to " + MAX_TTL.toHours() + " hours");
        }
        activation.expect(nodeId, machineId, actor);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(valid);
        String token = tokens.next();
        store.create(EnrollmentTokens.hash(token), Enrollment.open(nodeId, machineId, actor, now, expiresAt),
                AuditEntry.of(now, actor, AuditAction.ENROLLMENT_CREATED, SUBJECT, nodeId).machine(machineId)
                        .with("expiresAt", expiresAt));
        LOG.info("enrollment created [node: {}, machine: {}, expires: {}]", nodeId, machineId, expiresAt);
        return new Created(nodeId, machineId, token, expiresAt);
    }

    public List<Open> open() {
        return store.open(clock.instant()).stream()
                .map(e -> new Open(e.nodeId(), e.machineId(), e.createdBy(), e.createdAt(), e.expiresAt()))
                .toList();
    }

    /**
     * Redeems {@code token} for the node holding {@code publicKey} (raw Ed25519, base64): activates the key, gives the
     * node its broker user and answers what it needs. If activation or the broker fails, the token stays redeemable.
     *
     * @param client the caller's address, for the audit log
     * @throws IllegalArgumentException when {@code publicKey} is not an Ed25519 key (the token is not spent)
     */
    public Redemption redeem(String token, String publicKey, String softwareVersion, String client) {
        Optional<Duration> wait = refusals.waitBeforeAttempt(client, client);
        if (wait.isPresent()) {
            return new Redemption.Throttled(wait.get());
        }
        PublicKey key = Ed25519Keys.publicKey(publicKey);
        String fingerprint = Ed25519Keys.fingerprint(key);
        Instant now = clock.instant();
        if (!EnrollmentTokens.plausible(token)) {
            return refuse(Refusal.UNKNOWN, null, now, client);
        }
        String hash = EnrollmentTokens.hash(token);
        Optional<Enrollment> found = store.find(hash);
        if (found.isEmpty()) {
            return refuse(Refusal.UNKNOWN, null, now, client);
        }
        Enrollment enrollment = found.get();
        String actor = "node:" + enrollment.nodeId();
        boolean claimed = enrollment.isOpenAt(now) && store.claim(hash, now, fingerprint,
                AuditEntry.of(now, actor, AuditAction.ENROLLMENT_REDEEMED, SUBJECT, enrollment.nodeId())
                        .machine(enrollment.machineId())
                        .with("fingerprint", fingerprint).with("software", softwareVersion).with("from", client));
        if (!claimed) {
            // read again: a redemption that won the race has closed it since
            Enrollment closed = store.find(hash).orElse(enrollment);
            return refuse(why(closed, now), closed, now, client);
        }
        char[] password = brokerPassword();
        try {
            activation.activate(enrollment.nodeId(), Ed25519Keys.encode(key), actor);
            brokers.grantNode(enrollment.nodeId(), password);
        } catch (RuntimeException e) {
            store.release(hash);
            throw e;
        }
        LOG.info("node enrolled [node: {}, machine: {}, fingerprint: {}, client: {}]", enrollment.nodeId(),
                enrollment.machineId(), fingerprint, client);
        Grant grant = new Grant(settings.lab(), enrollment.nodeId(), enrollment.machineId(), settings.brokerUrl(),
                enrollment.nodeId(), new String(password), settings.gatewayPublicKey(), settings.labPepper(),
                settings.caCertificate(), fingerprint, settings.networkPepper());
        Arrays.fill(password, ' ');
        return new Redemption.Enrolled(grant);
    }

    /**
     * Replaces node {@code nodeId}'s key with {@code newPublicKey} when {@code signature} is its current key's
     * signature of {@link KeyRotation#signedText} and {@code ts} is within {@link #ROTATION_WINDOW} of the clock.
     * From then on the old key is refused, so a replayed request fails its signature check.
     *
     * @throws IllegalArgumentException when {@code newPublicKey} is not an Ed25519 key
     */
    public Rotation rotate(String nodeId, String newPublicKey, Instant ts, String signature, String client) {
        Optional<Duration> wait = refusals.waitBeforeAttempt(client, client);
        if (wait.isPresent()) {
            return new Rotation.Throttled(wait.get());
        }
        PublicKey next = Ed25519Keys.publicKey(newPublicKey);
        String encoded = Ed25519Keys.encode(next);
        Instant now = clock.instant();
        String actor = "node:" + nodeId;
        Optional<String> current = activation.activeKey(nodeId);
        String refusal;
        if (current.isEmpty()) {
            refusal = "node " + nodeId + " has no active key: enroll it with a new token";
        } else if (Duration.between(ts, now).abs().compareTo(ROTATION_WINDOW) > 0) {
            refusal = "ts " + ts + " is more than " + ROTATION_WINDOW.toMinutes()
                    + " minutes from the gateway's clock (" + now + "): check the node's clock and sign a new request";
        } else if (!KeyRotation.verify(Ed25519Keys.publicKey(current.get()), settings.lab(), nodeId, encoded, ts,
                signature)) {
            refusal = "the signature is not the current key's signature of this rotation";
        } else if (current.get().equals(encoded)) {
            // signed by the new key itself: a node that crashed after the switch asks again to learn it was done
            store.audit(AuditEntry.of(now, actor, AuditAction.NODE_KEY_ROTATION_CONFIRMED, SUBJECT, nodeId)
                    .with("from", client));
            return new Rotation.Rotated(Ed25519Keys.fingerprint(next));
        } else {
            activation.activate(nodeId, encoded, actor);
            String fingerprint = Ed25519Keys.fingerprint(next);
            store.audit(AuditEntry.of(now, actor, AuditAction.NODE_KEY_ROTATED, SUBJECT, nodeId)
                    .with("fingerprint", fingerprint).with("from", client));
            LOG.info("node key rotated [node: {}, fingerprint: {}, client: {}]", nodeId, fingerprint, client);
            return new Rotation.Rotated(fingerprint);
        }
        store.audit(AuditEntry.of(now, actor, AuditAction.NODE_KEY_ROTATION_REFUSED, SUBJECT, nodeId).reason(refusal)
                .with("from", client));
        LOG.warn("key rotation refused [node: {}, client: {}, reason: {}]", nodeId, client, refusal);
        refusals.failed(client, client);
        return new Rotation.Refused(refusal);
    }

    private Redemption refuse(Refusal reason, Enrollment enrollment, Instant now, String client) {
        String detail = switch (reason) {
            case UNKNOWN -> "unknown enrollment token: check that it was copied whole, or ask an admin for a new one";
            case EXPIRED -> "this enrollment token expired at " + enrollment.expiresAt()
                    + ": ask an admin for a new one";
            case USED -> "this enrollment token was already used at " + enrollment.closedAt()
                    + ": each token enrolls one node once; ask an admin for a new one";
            case SUPERSEDED -> "this enrollment token was replaced by a newer one for node " + enrollment.nodeId()
                    + ": use the newest token";
        };
        String node = enrollment == null ? "unknown" : enrollment.nodeId();
        AuditEntry entry = AuditEntry.of(now, enrollment == null ? "anonymous" : "node:" + node, AuditAction.ENROLLMENT_REFUSED,
                SUBJECT, node).reason(reason.wire()).with("from", client);
        store.audit(enrollment == null ? entry : entry.machine(enrollment.machineId()));
        LOG.warn("enrollment refused [node: {}, client: {}, reason: {}]", node, client, reason.wire());
        refusals.failed(client, client);
        return new Redemption.Refused(reason, detail);
    }

    private static Refusal why(Enrollment enrollment, Instant now) {
        if (Enrollment.USED.equals(enrollment.closedReason())) {
            return Refusal.USED;
        }
        if (Enrollment.SUPERSEDED.equals(enrollment.closedReason())) {
            return Refusal.SUPERSEDED;
        }
        return now.isBefore(enrollment.expiresAt()) ? Refusal.USED : Refusal.EXPIRED;
    }

    private char[] brokerPassword() {
        byte[] bytes = new byte[BROKER_PASSWORD_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }
}

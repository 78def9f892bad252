package org.fablab.gateway.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.fablab.gateway.access.AccessDecision;
import org.fablab.gateway.service.AccessService;
import org.fablab.protocol.AuthRequest;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.Decision;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.Message;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.fablab.protocol.Verifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code auth/request}s (docs/protocol.md §7.4, §7.5) on its own thread ({@code fablab-live-auth}), apart
 * from the MQTT callback thread and from ingestion, so a live decision never waits behind a batch of events and a
 * flood of events never delays a badge: verify like any node message, check the request's {@code (node, seq)}, ask
 * {@link AccessService#decideLive}, sign the {@code auth/response} and publish it (QoS 1, not retained).
 *
 * <p>A request that fails verification or replays a {@code seq} gets no answer and goes, with its verdict, to the
 * ingestion pipeline, which records, counts and acknowledges it like every other refused message, under the same
 * flood bound. A request is not usage and is not stored: its {@code seq} is checked against
 * the highest one answered for that node since the gateway started (the same {@code id} again is MQTT redelivery
 * and is ignored; a lower or equal {@code seq} with another {@code id} is {@code replayed-seq}). A replayed request
 * could only ever get an answer the node ignores, since a node acts only on a {@code reqId} it is waiting for.
 *
 * <p>Thread-safe. Requests beyond a queue of {@link #QUEUE} are acknowledged unanswered: the node's timeout lets
 * its cached ACL decide. Answered, refused and dropped requests are counted in {@link AuthStats} for /metrics.
 */
public final class AuthResponder implements AutoCloseable {
    /** How long a node may reuse a live grant for the same badge, at most (less when the grant ends sooner). */
    public static final Duration GRANT_TTL = Duration.ofSeconds(30);
    static final int QUEUE = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(AuthResponder.class);

    /** Sends a signed gateway message without waiting for the broker. */
    @FunctionalInterface
    public interface Sender {
        void send(Topic topic, byte[] payload) throws Exception;
    }

    /** Where a refused request goes, with its verdict, to be recorded like other refused messages. */
    @FunctionalInterface
    public interface Refusals {
        void refuse(IngestPipeline.Message message, Inbound.Rejected verdict) throws InterruptedException;
    }

    private record Seen(long seq, String id) {
    }

    private final Verifier verifier;
    private final AccessService access;
    private final Signer signer;
    private final Sender sender;
    private final Refusals refusals;
    private final AuthStats stats;
    private final Clock clock;
    private final ThreadPoolExecutor worker;
    private final Map<String, Seen> lastSeen = new ConcurrentHashMap<>();

    public AuthResponder(Verifier verifier, AccessService access, Signer signer, Sender sender, Refusals refusals,
                         AuthStats stats, Clock clock) {
        this.verifier = verifier;
        this.access = access;
        this.signer = signer;
        this.sender = sender;
        this.refusals = refusals;
        this.stats = stats;
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, "fablab-live-auth");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues a request from the MQTT callback thread; never blocks. */
    public void submit(IngestPipeline.Message message) {
        try {
            worker.execute(() -> handle(message));
        } catch (RejectedExecutionException e) {
            stats.dropped();
            LOG.warn("auth request dropped, {} waiting [topic: {}]", QUEUE, message.topic());
            message.ack().run();
        }
    }

    private void handle(IngestPipeline.Message message) {
        try {
            Inbound verdict = verifier.verify(message.topic(), message.payload());
            if (verdict instanceof Inbound.Rejected rejected) {
                refuse(message, rejected);
            } else if (verdict instanceof Inbound.Accepted accepted && accepted.message() instanceof AuthRequest request) {
                respond(message, request);
            } else {
                message.ack().run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("auth request not answered [topic: {}]", message.topic(), e);
            message.ack().run();
        }
    }

    /**
     * Answers a request whose {@code seq} is above the node's last answered one; acknowledges the same request again
     * (MQTT redelivery) unanswered; refuses a lower or equal {@code seq} with another {@code id} as
     * {@code replayed-seq}.
     */
    private void respond(IngestPipeline.Message message, AuthRequest request) throws InterruptedException {
        Seen before = lastSeen.get(request.node());
        if (before == null || request.seq() > before.seq()) {
            lastSeen.put(request.node(), new Seen(request.seq(), request.id()));
            answer(request);
            message.ack().run();
        } else if (before.seq() == request.seq() && before.id().equals(request.id())) {
            message.ack().run();
        } else {
            refuse(message, new Inbound.Rejected(Rejection.REPLAYED_SEQ, "auth request seq " + request.seq()
                    + " not above the last answered " + before.seq(), request.topic().toString(), request.node()));
        }
    }

    private void refuse(IngestPipeline.Message message, Inbound.Rejected verdict) throws InterruptedException {
        stats.refused();
        refusals.refuse(message, verdict);
    }

    private void answer(AuthRequest request) {
        Optional<AccessService.LiveDecision> live = access.decideLive(request.node(), request.credential());
        if (live.isEmpty()) {
            LOG.warn("auth request from a node without a machine, not answered [node: {}]", request.node());
            return;
        }
        Instant now = clock.instant();
        AuthResponse response = response(request, live.get(), now);
        try {
            sender.send(response.topic(), signer.sign(response));
            stats.answered(response.decision());
            LOG.debug("auth request answered [node: {}, reqId: {}, decision: {}]", request.node(), request.reqId(),
                    response.decision().wire());
        } catch (Exception e) {
            LOG.warn("auth response not sent [node: {}, reqId: {}]: {}", request.node(), request.reqId(),
                    e.getMessage());
        }
    }

    /** The signed answer's body: reason and ttl follow docs/protocol.md §7.5. */
    static AuthResponse response(AuthRequest request, AccessService.LiveDecision live, Instant now) {
        AuthResponse.Member member = live.holder().map(m -> new AuthResponse.Member(m.memberId(), m.displayName()))
                .orElse(null);
        if (live.decision() instanceof AccessDecision.Granted granted) {
            long ttl = GRANT_TTL.toSeconds();
            if (granted.validUntil() != null) {
                ttl = Math.max(0, Math.min(ttl, Duration.between(now, granted.validUntil()).toSeconds()));
            }
            return new AuthResponse(Message.VERSION, request.lab(), request.node(), now, request.reqId(),
                    Decision.GRANTED, null, new AuthResponse.Member(granted.memberId(), granted.memberName()), ttl);
        }
        AccessDecision.Denied denied = (AccessDecision.Denied) live.decision();
        return new AuthResponse(Message.VERSION, request.lab(), request.node(), now, request.reqId(), Decision.DENIED,
                denied.reason().wire(), member, 0);
    }

    /** Stops answering; requests not yet answered stay unacknowledged and their nodes' timeouts decide. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}

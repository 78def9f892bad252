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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
 * Answers {@code auth/request}s (docs/protocol.md §7.4, §7.5) apart from ingestion, so a live decision never waits
 * behind a batch of events and a flood of events never delays a badge: verify like any node message, check the
 * request's {@code (node, seq)}, ask {@link AccessService}, sign the {@code auth/response} and publish it (QoS 1, not
 * retained). A request that needs nothing but memory is answered on the MQTT callback thread that hands it over
 * (see {@link #submit}); everything else goes to its own thread ({@code fablab-live-auth}).
 *
 * <p>A request that fails verification or replays a {@code seq} gets no answer and goes, with its verdict, to the
 * ingestion pipeline, which records, counts and acknowledges it like every other refused message, under the same
 * flood bound. A request is not usage and is not stored: its {@code seq} is checked against
 * the highest one answered for that node since the gateway started (the same {@code id} again is MQTT redelivery
 * and is ignored; a lower or equal {@code seq} with another {@code id} is {@code replayed-seq}). A replayed request
 * could only ever get an answer the node ignores, since a node acts only on a {@code reqId} it is waiting for.
 *
 * <p>{@link #submit} is called by one thread at a time; {@link #close} from any. Requests beyond a queue of
 * {@link #QUEUE} are acknowledged unanswered: the node's timeout lets its cached ACL decide. Answered, refused and
 * dropped requests are counted in {@link AuthStats} for /metrics.
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
    /** Requests handed to the worker and not yet done with: while above zero, the worker is busy or has a queue. */
    private final AtomicInteger pending = new AtomicInteger();

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

    /**
     * Takes a request from the MQTT callback thread without blocking it for long. While the worker has nothing queued
     * or running, a request with a new {@code seq} that the cached access facts decide
     * ({@link AccessService#decideLiveFromMemory}) is answered here, on the calling thread: verifying, deciding,
     * signing and handing the answer to the link's sender are 0.1–0.25 ms of CPU and wait for nothing, and this
     * spares the answer a thread hand-off and wake-up (callback thread to worker; the sender's remains). Everything
     * that may wait goes to the worker, behind what it already holds: a refusal (ingestion may be full), a decision
     * that needs the facts loaded, and every request while the worker is busy, so requests keep their order.
     *
     * <p>Called by one thread at a time (the link's callback thread): a request is answered here only while the
     * worker is idle, and nothing is handed to the worker meanwhile, so requests are still handled one at a time.
     */
    public void submit(IngestPipeline.Message message) {
        if (pending.get() > 0 || worker.isShutdown()) {
            queue(message, () -> verifier.verify(message.topic(), message.payload()));
            return;
        }
        try {
            Inbound verdict = verifier.verify(message.topic(), message.payload());
            if (!answeredHere(message, verdict)) {
                queue(message, () -> verdict);
            }
        } catch (RuntimeException e) {
            notAnswered(message, e);
        }
    }

    private void queue(IngestPipeline.Message message, Supplier<Inbound> verdict) {
        pending.incrementAndGet();
        try {
            worker.execute(() -> {
                try {
                    handle(message, verdict);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            stats.dropped();
            LOG.warn("auth request dropped, {} waiting [topic: {}]", QUEUE, message.topic());
            message.ack().run();
        }
    }

    private boolean answeredHere(IngestPipeline.Message message, Inbound verdict) {
        if (!(verdict instanceof Inbound.Accepted accepted && accepted.message() instanceof AuthRequest request)) {
            return false;
        }
        return switch (seq(request)) {
            case NEW -> {
                Optional<AccessService.LiveDecision> live = access.decideLiveFromMemory(request.node(),
                        request.credential(), Optional.ofNullable(request.networkHash()));
                if (live.isPresent()) {
                    answer(message, request, live);
                }
                yield live.isPresent();
            }
            case REDELIVERED -> {
                message.ack().run();
                yield true;
            }
            case REPLAYED -> false;
        };
    }

    private void handle(IngestPipeline.Message message, Supplier<Inbound> verdicts) {
        try {
            Inbound verdict = verdicts.get();
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
            notAnswered(message, e);
        }
    }

    private void notAnswered(IngestPipeline.Message message, RuntimeException e) {
        LOG.error("auth request not answered [topic: {}]", message.topic(), e);
        message.ack().run();
    }

    /** Where a verified request's {@code seq} stands against the highest one answered for its node. */
    private enum Seq {
        /** Above it: to be answered. */
        NEW,
        /** The same request again (MQTT redelivery): acknowledged unanswered. */
        REDELIVERED,
        /** Lower or equal with another {@code id}: refused as {@code replayed-seq}. */
        REPLAYED
    }

    private Seq seq(AuthRequest request) {
        Seen before = lastSeen.get(request.node());
        if (before == null || request.seq() > before.seq()) {
            return Seq.NEW;
        }
        return before.seq() == request.seq() && before.id().equals(request.id()) ? Seq.REDELIVERED : Seq.REPLAYED;
    }

    private void respond(IngestPipeline.Message message, AuthRequest request) throws InterruptedException {
        switch (seq(request)) {
            case NEW -> answer(message, request, access.decideLive(request.node(), request.credential(),
                    Optional.ofNullable(request.networkHash())));
            case REDELIVERED -> message.ack().run();
            case REPLAYED -> refuse(message, new Inbound.Rejected(Rejection.REPLAYED_SEQ, "auth request seq "
                    + request.seq() + " not above the last answered " + lastSeen.get(request.node()).seq(),
                    request.topic().toString(), request.node()));
        }
    }

    private void refuse(IngestPipeline.Message message, Inbound.Rejected verdict) throws InterruptedException {
        stats.refused();
        refusals.refuse(message, verdict);
    }

    private void answer(IngestPipeline.Message message, AuthRequest request,
                        Optional<AccessService.LiveDecision> live) {
        lastSeen.put(request.node(), new Seen(request.seq(), request.id()));
        live.ifPresentOrElse(decision -> send(request, decision), () -> LOG.warn(
                "auth request from a node without a machine, not answered [node: {}]", request.node()));
        message.ack().run();
    }

    private void send(AuthRequest request, AccessService.LiveDecision live) {
        AuthResponse response = response(request, live, clock.instant());
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

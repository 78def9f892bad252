package org.fablab.gateway.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.fablab.gateway.domain.RejectionLimiter;
import org.fablab.gateway.domain.SecurityEvent;
import org.fablab.gateway.port.EventStore;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.Topic;
import org.fablab.protocol.Verifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies, stores and acknowledges inbound node messages, in batches, on two threads: a verifier
 * ({@code fablab-verify}, helped by the common fork-join pool on large batches) checks the signatures
 * of the next batch while the writer ({@code fablab-ingest}) commits the previous one, so neither the
 * CPU-bound verification nor the disk-bound commit waits for the other. Batches keep their arrival
 * order through both stages, so each node's events are stored and acknowledged in order.
 *
 * <p>A message is acknowledged to the broker only after the transaction holding it has committed,
 * so a gateway crash or a database outage loses nothing: unacknowledged messages stay with the
 * broker's persistent session and come again. While the database is down the writer retries the
 * same batch with a growing pause and acknowledges nothing; the verifier stops after one batch
 * ahead, the queue fills, {@link #submit} blocks the MQTT client, and the broker stops sending once
 * its in-flight window is full. Refused messages are acknowledged too (they are never usage), and so is a message
 * whose verification throws (refused as {@code malformed}), which would otherwise hold its whole batch back until
 * the next reconnect. Refusals are recorded in the same transaction: every one is counted per node, reason and
 * minute, and only the first {@link SecurityLog#fullPerMinute} of each are stored and logged in full
 * ({@link RejectionLimiter}; a replayed {@code seq} the store finds while storing too), so a flood of refused
 * messages costs a bounded number of rows and log lines; the queue takes one message per node in turn
 * ({@link FairQueue}), so it does not queue other nodes' messages behind its backlog, and a node refused in the last
 * minute has its messages verified apart, in batches of a tenth of the batch size taking turns with the others', so
 * other nodes' real events do not wait for a flood's signature checks in their own batch. The writer also prunes the
 * security log every hour.
 */
public final class IngestPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final int PARALLEL_VERIFY_THRESHOLD = 8;
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 100;
    private static final int MAX_REFUSAL_KEYS_PER_MINUTE = 1_000;
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    /** How long a node's lane stays demoted after one of its messages was refused. */
    private static final Duration DEMOTED_FOR = Duration.ofMinutes(1);
    /** Nodes demoted at once; a flood from more made-up node names leaves the newest ones in the common turn. */
    private static final int MAX_DEMOTED_NODES = 1_000;

    /**
     * How much of the security log a flood may fill.
     *
     * @param fullPerMinute refused messages kept and logged in full per node, reason and minute; the rest are counted
     * @param retention     refused messages and counts older than this are deleted (checked every hour)
     */
    public record SecurityLog(int fullPerMinute, Duration retention) {
        public SecurityLog {
            if (fullPerMinute < 0 || retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("need fullPerMinute >= 0 and a positive retention");
            }
        }
    }

    /** One MQTT message and how to acknowledge it. */
    public record Message(String topic, byte[] payload, Runnable ack) {
    }

    /** A batch after verification, in arrival order, waiting for its transaction. */
    private record Verified(List<Message> messages, List<EventStore.AcceptedEvent> events, List<NodeStatus> statuses,
                            List<SecurityEvent> rejected, List<RejectionLimiter.Count> counts) {
    }

    private final Verifier verifier;
    private final EventStore store;
    private final Clock clock;
    private final int batchSize;
    private final IngestListener listener;
    private final IngestStats stats;
    private final RejectionLimiter limiter;
    private final Duration retention;
    private Instant nextPrune = Instant.MIN;
    private final FairQueue<String, Message> queue;
    /** Messages queued by {@link #refuse} with the verdict already reached, taken out as they are verified. */
    private final Map<Message, Inbound.Rejected> refusedBeforehand = new ConcurrentHashMap<>();
    private final BlockingQueue<Verified> verified = new ArrayBlockingQueue<>(1);
    /** Node (null for a topic naming none) to when a message of its lane was last refused; verifier thread only. */
    private final Map<String, Instant> refusedAt = new HashMap<>();
    private final Thread verifying;
    private final Thread writer;
    private volatile boolean running = true;
    /** Set when a batch was dropped unacknowledged: the broker holds it back until the next reconnect. */
    private volatile boolean stalled;

    public IngestPipeline(Verifier verifier, EventStore store, Clock clock, int batchSize, int queueCapacity,
                          IngestListener listener, IngestStats stats, SecurityLog securityLog) {
        this.verifier = verifier;
        this.store = store;
        this.clock = clock;
        this.batchSize = batchSize;
        this.listener = listener;
        this.stats = stats;
        this.limiter = new RejectionLimiter(clock, securityLog.fullPerMinute(), MAX_REFUSAL_KEYS_PER_MINUTE);
        this.retention = securityLog.retention();
        this.queue = new FairQueue<>(queueCapacity);
        this.verifying = new Thread(this::verifyLoop, "fablab-verify");
        this.writer = new Thread(this::writeLoop, "fablab-ingest");
        this.verifying.start();
        this.writer.start();
    }

    /**
     * Queues a message in its node's lane; blocks while the queue is full, which slows the MQTT client down. Batches
     * take one message per node in turn, so a node flooding the gateway does not hold back the others' messages.
     */
    public void submit(Message message) throws InterruptedException {
        if (!running) {
            throw new IllegalStateException("ingestion is closed");
        }
        queue.put(nodeOf(message.topic()), message);
    }

    /**
     * Queues a message already refused elsewhere (e.g. an {@code auth/request} that failed verification or replays a
     * {@code seq}): it is recorded, counted and acknowledged like every message this pipeline refuses, under the same
     * bound, without being verified again. Blocks as {@link #submit} does.
     */
    public void refuse(Message message, Inbound.Rejected verdict) throws InterruptedException {
        refusedBeforehand.put(message, verdict);
        try {
            submit(message);
        } catch (RuntimeException | InterruptedException e) {
            refusedBeforehand.remove(message);
            throw e;
        }
    }

    public int queued() {
        return queue.size();
    }

    private void verifyLoop() {
        while (running || !queue.isEmpty()) {
            List<Message> batch = new ArrayList<>();
            try {
                Instant demotedSince = clock.instant().minus(DEMOTED_FOR);
                if (queue.drainTo(batch, batchSize, Math.max(1, batchSize / 10),
                        node -> isRefusedSince(node, demotedSince), POLL_MILLIS, TimeUnit.MILLISECONDS) > 0) {
                    verified.put(verify(batch));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                stalled = true;
                LOG.error("verifying a batch of {} messages failed; they stay unacknowledged and will be redelivered",
                        batch.size(), e);
            }
        }
    }

    private Verified verify(List<Message> batch) {
        Instant receivedAt = clock.instant();
        List<Inbound> verdicts = (batch.size() >= PARALLEL_VERIFY_THRESHOLD ? batch.parallelStream() : batch.stream())
                .map(this::verifyOne)
                .toList();
        List<EventStore.AcceptedEvent> events = new ArrayList<>();
        List<NodeStatus> statuses = new ArrayList<>();
        List<SecurityEvent> rejected = new ArrayList<>();
        for (Inbound verdict : verdicts) {
            if (verdict instanceof Inbound.Accepted accepted) {
                if (accepted.message() instanceof NodeEvent event) {
                    events.add(new EventStore.AcceptedEvent(event, accepted.body(), receivedAt));
                } else if (accepted.message() instanceof NodeStatus status) {
                    statuses.add(status);
                }
            } else if (verdict instanceof Inbound.Rejected r) {
                stats.rejected(r.reason());
                demote(r.node(), receivedAt);
                if (limiter.admit(r.node(), r.reason())) {
                    rejected.add(new SecurityEvent(UUID.randomUUID().toString(), receivedAt, r.node(), r.topic(),
                            r.reason(), r.detail()));
                }
            }
        }
        return new Verified(batch, events, statuses, rejected, limiter.takeCounts());
    }

    private boolean isRefusedSince(String node, Instant since) {
        Instant refused = refusedAt.get(node);
        return refused != null && refused.isAfter(since);
    }

    /**
     * Puts {@code node}'s lane apart for {@link #DEMOTED_FOR}: its messages are verified in small batches of their own,
     * taking turns with the other nodes', so that real events never wait behind a flood's signature checks.
     */
    private void demote(String node, Instant at) {
        if (refusedAt.size() >= MAX_DEMOTED_NODES && !refusedAt.containsKey(node)) {
            Instant since = at.minus(DEMOTED_FOR);
            refusedAt.values().removeIf(refused -> !refused.isAfter(since));
            if (refusedAt.size() >= MAX_DEMOTED_NODES) {
                return;
            }
        }
        refusedAt.put(node, at);
    }

    /**
     * The verifier's verdict, or a refusal when verifying throws: such a message can never be accepted, and leaving it
     * unacknowledged would hold its whole batch back until the next reconnect.
     */
    private Inbound verifyOne(Message message) {
        Inbound.Rejected refused = refusedBeforehand.remove(message);
        if (refused != null) {
            return refused;
        }
        try {
            return verifier.verify(message.topic(), message.payload());
        } catch (RuntimeException e) {
            return new Inbound.Rejected(Rejection.MALFORMED, "verification failed: " + e, message.topic(),
                    nodeOf(message.topic()));
        }
    }

    private static String nodeOf(String topic) {
        try {
            return Topic.of(topic).node();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void writeLoop() {
        while (verifying.isAlive() || !verified.isEmpty()) {
            Verified batch = null;
            try {
                batch = verified.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    write(batch);
                }
                logSuppressed();
                pruneWhenDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                stalled = true;
                LOG.error("ingestion batch of {} messages failed; they stay unacknowledged and will be redelivered",
                        batch == null ? 0 : batch.messages().size(), e);
            }
        }
    }

    private void write(Verified batch) throws InterruptedException {
        List<EventStore.Outcome> outcomes = storeWithRetry(batch.events(), batch.rejected(), batch.counts());
        batch.messages().forEach(m -> m.ack().run());
        notifyListener(batch.events(), outcomes, batch.statuses(), batch.rejected());
    }

    private List<EventStore.Outcome> storeWithRetry(List<EventStore.AcceptedEvent> events, List<SecurityEvent> rejected,
                                                    List<RejectionLimiter.Count> counts) throws InterruptedException {
        if (events.isEmpty() && rejected.isEmpty() && counts.isEmpty()) {
            return List.of();
        }
        Duration pause = Duration.ofMillis(100);
        while (true) {
            try {
                // a retry after a rollback asks the limiter again about the same replays: in a database outage the
                // full-record quota may run out early, while the stored counts stay exact
                return store.store(events, rejected, counts, limiter::admitCountedByStore);
            } catch (RuntimeException e) {
                stats.storeFailure();
                LOG.error("database write failed, retrying in {} ms; {} events wait unacknowledged: {}",
                        pause.toMillis(), events.size() + rejected.size(), e.getMessage());
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2).compareTo(MAX_RETRY_PAUSE) > 0 ? MAX_RETRY_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private void notifyListener(List<EventStore.AcceptedEvent> events, List<EventStore.Outcome> outcomes,
                                List<NodeStatus> statuses, List<SecurityEvent> rejected) {
        for (NodeStatus status : statuses) {
            stats.status();
            listener.onStatus(status);
        }
        for (SecurityEvent event : rejected) {
            LOG.warn("message refused [node: {}, reason: {}]: {}", event.node(), event.reason().wire(), event.detail());
            listener.onRejected(event);
        }
        for (int i = 0; i < outcomes.size(); i++) {
            NodeEvent event = events.get(i).event();
            EventStore.Outcome outcome = outcomes.get(i);
            if (outcome instanceof EventStore.Outcome.Stored stored) {
                stats.stored();
                listener.onStored(event, stored.session());
            } else if (outcome instanceof EventStore.Outcome.Duplicate) {
                stats.duplicate();
                LOG.debug("duplicate event ignored [node: {}, seq: {}]", event.node(), event.seq());
            } else if (outcome instanceof EventStore.Outcome.Replayed replayed) {
                stats.rejected(replayed.securityEvent().reason());
                if (replayed.keptInFull()) {
                    LOG.warn("replayed seq refused [node: {}, seq: {}]", event.node(), event.seq());
                    listener.onRejected(replayed.securityEvent());
                }
            }
        }
    }

    /** One line per node, reason and minute for the refusals not logged in full, once the minute is over. */
    private void logSuppressed() {
        for (RejectionLimiter.Count count : limiter.takeSuppressed()) {
            LOG.warn("{} more messages refused, counted but not logged [node: {}, reason: {}, minute: {}]",
                    count.refused(), count.node(), count.reason().wire(), count.minute());
        }
    }

    private void pruneWhenDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        try {
            int deleted = store.pruneSecurityLog(now.minus(retention));
            if (deleted > 0) {
                LOG.info("security log pruned [rows: {}, older than: {}]", deleted, retention);
            }
        } catch (RuntimeException e) {
            LOG.warn("pruning the security log failed, next try in {}: {}", PRUNE_EVERY, e.getMessage());
        }
    }

    /** Stops taking messages, verifies and writes what is queued, and waits for both threads to finish. */
    @Override
    public void close() {
        running = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
            verifying.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            writer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (verifying.isAlive() || writer.isAlive()) {
            LOG.warn("ingestion still busy after 30 s; unacknowledged messages will be redelivered");
            verifying.interrupt();
            writer.interrupt();
        }
    }

    /**
     * Exposed for health checks: false once closed, once either thread has died, or once a batch was dropped
     * unacknowledged (it waits for a reconnect, so ingestion is not sound until a restart).
     */
    public boolean isRunning() {
        return running && !stalled && verifying.isAlive() && writer.isAlive();
    }

}

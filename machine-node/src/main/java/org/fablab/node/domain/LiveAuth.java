package org.fablab.node.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Decision;
import org.fablab.protocol.Names;

/**
 * When a badge is decided by asking the gateway ({@code auth/request} → {@code auth/response}) rather than by the
 * cached ACL alone, and which answer wins. Pure: inputs in, steps out, no I/O and no clock of its own.
 *
 * <p>A badge is asked about live when the node is connected and either the machine's config says always ask, or
 * the cached decision is a denial the gateway may know better: no ACL yet, an ACL past its {@code maxStaleness},
 * or a badge the ACL does not hold (enrolled since the ACL was issued). An answer that matches a pending
 * {@code reqId} before its deadline wins; once the deadline passes the cached decision applies. A granted answer
 * with a {@code ttlSeconds} above 0 is reused for the same badge until it runs out, without asking again.
 *
 * <p>Not thread-safe: the node feeds it from its one thread.
 */
public final class LiveAuth {
    /** Cached denials the gateway may overturn. */
    static final Set<String> ASKABLE_DENIALS =
            Set.of(AccessPolicy.NO_ACL, AccessPolicy.ACL_STALE, AccessPolicy.UNKNOWN_BADGE);

    /** What to do with a badge read. */
    public sealed interface Step {
    }

    /** Decide now, with the cached decision or a live grant reused within its ttl. */
    public record Decide(CredentialRef credential, AccessDecision decision) implements Step {
        public Decide {
            Names.require("credential", credential);
            Names.require("decision", decision);
        }
    }

    /** Publish an {@code auth/request} with this {@code reqId} and wait for its answer until {@code deadline}. */
    public record Ask(String reqId, CredentialRef credential, Instant deadline) implements Step {
        public Ask {
            Names.requireText("reqId", reqId);
            Names.require("credential", credential);
            Names.require("deadline", deadline);
        }
    }

    /** The badge is already being asked about; the repeated read is dropped. */
    public record Waiting(String reqId) implements Step {
    }

    /**
     * A badge whose question is settled, by an answer or by its deadline.
     *
     * @param networkHash the network hash the badge was asked about with, for its {@code badge.denied}; null on a
     *                    node of a lab in no network
     */
    public record Settled(CredentialRef credential, AccessDecision decision, boolean answered, String networkHash) {
        public Settled {
            Names.require("credential", credential);
            Names.require("decision", decision);
        }

        /** A badge settled on a node of a lab in no network. */
        public Settled(CredentialRef credential, AccessDecision decision, boolean answered) {
            this(credential, decision, answered, null);
        }
    }

    private record Pending(CredentialRef credential, String networkHash, AccessDecision cached, Instant deadline) {
        Settled settled(AccessDecision decision, boolean answered) {
            return new Settled(credential, decision, answered, networkHash);
        }
    }

    private record Reuse(AccessDecision.Granted granted, Instant until) {
    }

    private final Duration timeout;
    private final boolean alwaysAsk;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Reuse> reusable = new LinkedHashMap<>();

    /**
     * @param timeout   how long an answer is waited for, &gt; 0
     * @param alwaysAsk ask for every badge while connected, whatever the cached ACL says
     */
    public LiveAuth(Duration timeout, boolean alwaysAsk) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
        }
        this.timeout = timeout;
        this.alwaysAsk = alwaysAsk;
    }

    /**
     * The step for a badge presented at {@code now}.
     *
     * @param cached    the cached ACL's decision
     * @param connected whether the node's link to the broker is up (no point asking otherwise)
     * @param reqId     a fresh request id, used only when the step is {@link Ask}
     */
    public Step badge(CredentialRef credential, AccessDecision cached, boolean connected, Instant now, String reqId) {
        return badge(credential, null, cached, connected, now, reqId);
    }

    /**
     * The step for a badge presented at {@code now} on a node of a lab in a network of labs; a question about it
     * is settled with {@code networkHash}.
     *
     * @param networkHash the badge's network hash, or null on a node of a lab in no network
     */
    public Step badge(CredentialRef credential, String networkHash, AccessDecision cached, boolean connected,
                      Instant now, String reqId) {
        Reuse reuse = reusable.get(credential.hash());
        if (reuse != null && now.isBefore(reuse.until())) {
            return new Decide(credential, reuse.granted());
        }
        reusable.remove(credential.hash());
        for (Map.Entry<String, Pending> waiting : pending.entrySet()) {
            if (waiting.getValue().credential().hash().equals(credential.hash())) {
                return new Waiting(waiting.getKey());
            }
        }
        if (!connected || !shouldAsk(cached)) {
            return new Decide(credential, cached);
        }
        Instant deadline = now.plus(timeout);
        pending.put(reqId, new Pending(credential, networkHash, cached, deadline));
        return new Ask(reqId, credential, deadline);
    }

    private boolean shouldAsk(AccessDecision cached) {
        return alwaysAsk || cached instanceof AccessDecision.Denied denied && ASKABLE_DENIALS.contains(denied.reason());
    }

    /**
     * A verified answer from the gateway; settles its request if it is still pending, else it is ignored (late, a
     * duplicate, or for a request this node never sent).
     */
    public Optional<Settled> answered(AuthResponse response, Instant now) {
        Pending waiting = pending.remove(response.reqId());
        if (waiting == null) {
            return Optional.empty();
        }
        if (now.isAfter(waiting.deadline())) {
            return Optional.of(waiting.settled(waiting.cached(), false));
        }
        AccessDecision decision;
        if (response.decision() == Decision.GRANTED && response.member() != null) {
            AccessDecision.Granted granted = new AccessDecision.Granted(response.member().id(),
                    response.member().name(), true);
            if (response.ttlSeconds() > 0) {
                reusable.put(waiting.credential().hash(),
                        new Reuse(granted, now.plusSeconds(response.ttlSeconds())));
            }
            decision = granted;
        } else {
            decision = new AccessDecision.Denied(response.reason() == null || response.reason().isBlank()
                    ? "denied" : response.reason());
        }
        return Optional.of(waiting.settled(decision, true));
    }

    /** The request could not be sent: it is settled at once with its cached decision. */
    public Optional<Settled> unsent(String reqId) {
        return Optional.ofNullable(pending.remove(reqId))
                .map(waiting -> waiting.settled(waiting.cached(), false));
    }

    /** Requests whose deadline has passed at {@code now}, settled with their cached decision, oldest first. */
    public List<Settled> expired(Instant now) {
        List<Settled> settled = new ArrayList<>();
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending waiting = it.next();
            if (now.isAfter(waiting.deadline())) {
                it.remove();
                settled.add(waiting.settled(waiting.cached(), false));
            }
        }
        reusable.values().removeIf(reuse -> !now.isBefore(reuse.until()));
        return settled;
    }

    /** Forgets reused answers; called when a new ACL arrives, which says the gateway's latest word. */
    public void forgetAnswers() {
        reusable.clear();
    }

    /** Requests still waiting for an answer. */
    public int pendingCount() {
        return pending.size();
    }
}

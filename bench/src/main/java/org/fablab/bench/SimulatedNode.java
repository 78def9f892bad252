package org.fablab.bench;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.fablab.protocol.BouncyCastleEd25519;
import org.fablab.protocol.Channel;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;

/**
 * A node reduced to what the network sees of it: its own key, its own {@code seq}, the session its badges open,
 * and the signed events its {@link NodeSchedule} calls for. Not thread-safe: one thread drives it.
 */
final class SimulatedNode {
    /** A user of the node: the badge's hash as the node reads it, and the member the node's ACL names for it. */
    record User(CredentialRef badge, String memberId) {
    }

    private final String lab;
    private final String id;
    private final String topic;
    private final Signer signer;
    private final List<User> users;
    private long seq;
    private String sessionId;
    private Instant sessionStart;

    SimulatedNode(String lab, String id, PrivateKey key, List<User> users) {
        this.lab = lab;
        this.id = id;
        this.topic = Topic.of(lab, id, Channel.EVENTS).toString();
        this.signer = new Signer(key, new BouncyCastleEd25519());
        this.users = List.copyOf(users);
    }

    String id() {
        return id;
    }

    String topic() {
        return topic;
    }

    /** The {@code seq} of the last event {@link #sign} made. */
    long seq() {
        return seq;
    }

    /** Signs the event {@code step} calls for, as of {@code now}, under the next {@code seq}. */
    byte[] sign(NodeSchedule.Step step, Instant now) {
        seq++;
        return signer.sign(NodeEvent.of(lab, id, now, seq, UUID.randomUUID().toString(), data(step, now)));
    }

    private EventData data(NodeSchedule.Step step, Instant now) {
        if (step.kind() == NodeSchedule.Kind.SESSION_STARTED || sessionId == null) {
            User user = users.get(Math.max(0, step.badge()) % users.size());
            sessionId = "s-" + UUID.randomUUID().toString().substring(0, 12);
            sessionStart = now;
            return new EventData.SessionStarted(sessionId, now, user.badge(), user.memberId(), false);
        }
        long wall = Duration.between(sessionStart, now).toSeconds();
        return switch (step.kind()) {
            case SESSION_PROGRESS -> new EventData.SessionProgress(sessionId, wall, wall / 2, wall * 0.05);
            case CONSUMABLE_RECORDED -> new EventData.ConsumableRecorded(sessionId, "pla", 12, "g");
            case SESSION_ENDED -> ended(now, wall);
            case SESSION_STARTED -> throw new IllegalStateException("handled above");
        };
    }

    private EventData ended(Instant now, long wall) {
        EventData ended = new EventData.SessionEnded(sessionId, sessionStart, now, wall, wall / 2, wall * 0.05,
                EndReason.BADGE_OUT, false);
        sessionId = null;
        return ended;
    }
}

package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The gateway's decision on an {@link AuthRequest}.
 *
 * @param reason     short code when denied, e.g. {@code training-expired}
 * @param member     who the badge belongs to, absent for an unknown badge
 * @param ttlSeconds how long the node may reuse this decision for the same badge
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthResponse(int v, String lab, String node, Instant ts, String reqId, Decision decision,
                           String reason, Member member, long ttlSeconds) implements Message {
    public AuthResponse {
        Message.checkHeader(v, lab, node, ts);
        Names.requireText("reqId", reqId);
        Names.require("decision", decision);
        Names.requireNonNegative("ttlSeconds", ttlSeconds);
    }

    /** The badge holder as a node may display it. */
    public record Member(String id, String name) {
        public Member {
            Names.requireText("member.id", id);
            Names.requireText("member.name", name);
        }
    }

    @Override
    public Channel channel() {
        return Channel.AUTH_RESPONSE;
    }
}

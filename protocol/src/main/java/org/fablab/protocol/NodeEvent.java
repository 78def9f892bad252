package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/** One event from a node's outbox; {@code type} names the shape of {@code data}. */
public record NodeEvent(int v, String lab, String node, Instant ts, long seq, String id,
                        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXTERNAL_PROPERTY,
                                property = "type")
                        EventData data) implements Message, NodeOriginated {
    public NodeEvent {
        Message.checkHeader(v, lab, node, ts);
        NodeOriginated.check(seq, id);
        Names.require("data", data);
    }

    public static NodeEvent of(String lab, String node, Instant ts, long seq, String id, EventData data) {
        return new NodeEvent(VERSION, lab, node, ts, seq, id, data);
    }

    @Override
    public Channel channel() {
        return Channel.EVENTS;
    }
}

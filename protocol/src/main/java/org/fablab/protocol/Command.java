package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A signed order from the gateway. Nodes execute a command {@code id} once and refuse one whose
 * {@code ts} is further from their clock than the allowed skew.
 *
 * @param args action-specific arguments, e.g. {@code {"state":"out-of-service","reason":"..."}} for set-state
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Command(int v, String lab, String node, Instant ts, String id, CommandAction action,
                      Map<String, String> args) implements Message {
    public Command {
        Message.checkHeader(v, lab, node, ts);
        Names.requireText("id", id);
        Names.require("action", action);
        args = args == null ? Map.of() : Map.copyOf(args);
    }

    @Override
    public Channel channel() {
        return Channel.CMD;
    }
}

package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A signed order from the gateway. Nodes execute a command {@code id} once and refuse one whose
 * {@code ts} is further from their clock than the allowed skew.
 *
 * @param args action-specific arguments, e.g. {@code {"reason":"...","state":"out-of-service"}} for set-state;
 *             an unmodifiable map iterated, and therefore serialised, in key order, so that equal commands
 *             serialise to the same body in every JVM
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Command(int v, String lab, String node, Instant ts, String id, CommandAction action,
                      Map<String, String> args) implements Message {
    public Command {
        Message.checkHeader(v, lab, node, ts);
        Names.requireText("id", id);
        Names.require("action", action);
        args = sortedCopy(args);
    }

    private static Map<String, String> sortedCopy(Map<String, String> args) {
        TreeMap<String, String> sorted = new TreeMap<>();
        if (args != null) {
            args.forEach((key, value) -> {
                Names.require("args key", key);
                sorted.put(key, Names.require("args." + key, value));
            });
        }
        return Collections.unmodifiableSortedMap(sorted);
    }

    @Override
    public Channel channel() {
        return Channel.CMD;
    }
}

package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Optional;

/**
 * Retained node status. The node publishes {@code online} after connecting and sets an
 * {@code offline} status as its MQTT Last Will. The Last Will is fixed at connect time, so its
 * {@code ts} is the connect time and its signature is made then.
 *
 * @param machineState  the machine's state when online; absent in the Last Will
 * @param aclIssuedAt   {@code ts} of the ACL snapshot the node is using, absent if it has none
 * @param software      the node software version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeStatus(int v, String lab, String node, Instant ts, NodeState state,
                         MachineState machineState, Instant aclIssuedAt, String software) implements Message {
    public NodeStatus {
        Message.checkHeader(v, lab, node, ts);
        Names.require("state", state);
    }

    public static NodeStatus online(String lab, String node, Instant ts, MachineState machineState,
                                    Instant aclIssuedAt, String software) {
        return new NodeStatus(VERSION, lab, node, ts, NodeState.ONLINE, machineState, aclIssuedAt, software);
    }

    public static NodeStatus offline(String lab, String node, Instant ts) {
        return new NodeStatus(VERSION, lab, node, ts, NodeState.OFFLINE, null, null, null);
    }

    public Optional<Instant> aclIssuedAtIfKnown() {
        return Optional.ofNullable(aclIssuedAt);
    }

    @Override
    public Channel channel() {
        return Channel.STATUS;
    }
}

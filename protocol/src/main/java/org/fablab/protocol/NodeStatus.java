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
 * @param connectedAt   on an {@code online} status, the {@code ts} of the Last Will of the connection it is
 *                      published on (its connect time), so a receiver can tell that connection's Will from an earlier
 *                      one's (docs/protocol.md §2.4); absent from nodes that do not send it and in the Will itself
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeStatus(int v, String lab, String node, Instant ts, NodeState state,
                         MachineState machineState, Instant aclIssuedAt, String software, Instant connectedAt)
        implements Message {
    public NodeStatus {
        Message.checkHeader(v, lab, node, ts);
        Names.require("state", state);
    }

    public static NodeStatus online(String lab, String node, Instant ts, MachineState machineState,
                                    Instant aclIssuedAt, String software) {
        return new NodeStatus(VERSION, lab, node, ts, NodeState.ONLINE, machineState, aclIssuedAt, software, null);
    }

    /** The same status stamped with the connect time of the connection it goes out on. */
    public NodeStatus onConnection(Instant connectedAt) {
        return new NodeStatus(v, lab, node, ts, state, machineState, aclIssuedAt, software, connectedAt);
    }

    public static NodeStatus offline(String lab, String node, Instant ts) {
        return new NodeStatus(VERSION, lab, node, ts, NodeState.OFFLINE, null, null, null, null);
    }

    public Optional<Instant> aclIssuedAtIfKnown() {
        return Optional.ofNullable(aclIssuedAt);
    }

    @Override
    public Channel channel() {
        return Channel.STATUS;
    }
}

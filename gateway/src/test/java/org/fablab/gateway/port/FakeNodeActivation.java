package org.fablab.gateway.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fablab.gateway.domain.ErrorCode;

/** The node registry's activation in memory: expected nodes, their active keys and every call, in order. */
public final class FakeNodeActivation implements NodeActivation {
    private final Map<String, String> expected = new ConcurrentHashMap<>();
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();

    @Override
    public synchronized void expect(String nodeId, String machineId, String actor) {
        expected.put(nodeId, machineId);
        calls.add("expect " + nodeId + " " + machineId + " by " + actor);
    }

    @Override
    public synchronized void activate(String nodeId, String publicKey, String actor) {
        if (!expected.containsKey(nodeId) && !keys.containsKey(nodeId)) {
            throw new NotFound(ErrorCode.NODE_NOT_FOUND, nodeId);
        }
        keys.put(nodeId, publicKey);
        calls.add("activate " + nodeId + " by " + actor);
    }

    @Override
    public Optional<String> activeKey(String nodeId) {
        return Optional.ofNullable(keys.get(nodeId));
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}

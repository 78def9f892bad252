package org.fablab.gateway.app;

import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.KeyResolver;

/**
 * The public keys of the provisioned nodes, swapped whole on {@link #replace} so readers on the
 * ingestion threads never see a half-built map. Only node-to-gateway channels resolve.
 */
public final class NodeKeyRing implements KeyResolver {
    private final AtomicReference<Map<String, PublicKey>> keys = new AtomicReference<>(Map.of());

    public void replace(List<NodeRecord> nodes) {
        Map<String, PublicKey> next = new HashMap<>();
        for (NodeRecord node : nodes) {
            next.put(node.id(), Ed25519Keys.publicKey(node.publicKey()));
        }
        keys.set(Map.copyOf(next));
    }

    @Override
    public Optional<PublicKey> keyFor(org.fablab.protocol.Topic topic) {
        if (topic.channel().direction() != Channel.Direction.NODE_TO_GATEWAY) {
            return Optional.empty();
        }
        return Optional.ofNullable(keys.get().get(topic.node()));
    }
}

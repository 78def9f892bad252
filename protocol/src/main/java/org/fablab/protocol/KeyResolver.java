package org.fablab.protocol;

import java.security.PublicKey;
import java.util.Optional;

/** Finds the public key that must have signed a message on a topic: a node's key, or the gateway's. */
@FunctionalInterface
public interface KeyResolver {
    Optional<PublicKey> keyFor(Topic topic);
}

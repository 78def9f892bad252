package org.fablab.node.it;

import java.nio.file.Path;
import java.time.Duration;
import org.fablab.node.app.MachineNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every test of one node on the real Mosquitto has: a lab and node id of its own, a client watching the node's
 * topics, and the clean-up that leaves nothing retained or persisted behind.
 */
abstract class NodeOnBrokerTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final String lab = Broker.uniqueId("it-lab");
    final String node = Broker.uniqueId("laser");
    Broker.Client client;
    /** The node under test, closed after each test when a test started one. */
    MachineNode machineNode;

    @BeforeEach
    void watchTheNode() throws Exception {
        client = Broker.watching(lab, node);
    }

    @AfterEach
    void closeAndCleanUp() throws Exception {
        if (machineNode != null) {
            machineNode.close();
        }
        if (client != null) {
            Broker.cleanUp(client, lab, node);
        }
    }
}

package org.fablab.gateway.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** The end-to-end suite on the broker embedded in the gateway. */
class EmbeddedBrokerEndToEndIT extends EndToEndContract {
    private final int port = freePort();

    @Override
    Map<String, String> brokerSettings() {
        return Map.of("FABLAB_MQTT_MODE", "embedded", "FABLAB_MQTT_EMBEDDED_PORT", Integer.toString(port),
                "FABLAB_MQTT_DATA_DIR", dataDir.resolve("broker").toString());
    }

    @Override
    String brokerUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

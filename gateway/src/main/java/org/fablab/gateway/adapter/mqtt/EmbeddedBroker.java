package org.fablab.gateway.adapter.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 broker started inside the gateway for a zero-setup lab (Moquette; the choice and its
 * measurements are in {@code docs/embedded-broker.md}). Persistent sessions and retained messages are
 * kept under {@code dataDir}, so queued QoS 1 messages survive a restart. Anonymous clients are
 * accepted: bind it to loopback, and use Mosquitto with per-node users in production.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final Server server;

    private EmbeddedBroker(Server server) {
        this.server = server;
    }

    public static EmbeddedBroker start(String host, int port, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Properties properties = new Properties();
            properties.setProperty(IConfig.HOST_PROPERTY_NAME, host);
            properties.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
            properties.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
            properties.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dataDir.toAbsolutePath().toString());
            properties.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
            // Telemetry is on by default and would call out to the internet at start.
            properties.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
            // A persisted session without an expiry makes the next start fail; values of 25 days or
            // more overflow an int of milliseconds and expire sessions at once.
            properties.setProperty(IConfig.PERSISTENT_CLIENT_EXPIRATION_PROPERTY_NAME, "7d");
            Server server = new Server();
            server.startServer(new MemoryConfig(properties));
            LOG.info("embedded broker listening [address: tcp://{}:{}, data: {}]", host, port, dataDir);
            return new EmbeddedBroker(server);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded broker could not start on " + host + ":" + port, e);
        }
    }

    @Override
    public void close() {
        server.stopServer();
    }
}

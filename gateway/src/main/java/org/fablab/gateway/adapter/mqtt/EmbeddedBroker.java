package org.fablab.gateway.adapter.mqtt;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 broker started inside the gateway for a zero-setup lab: Apache ActiveMQ Artemis with
 * only its MQTT acceptor (the choice and its measurements are in {@code docs/embedded-broker.md}).
 * Persistent sessions, queued QoS 1 messages and retained messages are journaled under {@code dataDir}
 * and survive a restart. Anonymous clients are accepted: keep it on loopback, and use Mosquitto with
 * per-node users when nodes connect over the network.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final long GLOBAL_MAX_BYTES = 64L * 1024 * 1024;

    private final EmbeddedActiveMQ server;

    private EmbeddedBroker(EmbeddedActiveMQ server) {
        this.server = server;
    }

    public static EmbeddedBroker start(String host, int port, Path dataDir) {
        return start(host, port, dataDir, Optional.empty());
    }

    /** @param tls a TLS listener for nodes on the network, beside the plain one */
    public static EmbeddedBroker start(String host, int port, Path dataDir, Optional<EmbeddedTlsListener> tls) {
        Path dir = dataDir.toAbsolutePath();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("fablab-gateway")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setGlobalMaxSize(GLOBAL_MAX_BYTES);
        try {
            config.addAcceptorConfiguration("mqtt", "tcp://" + host + ":" + port + "?protocols=MQTT");
        } catch (Exception e) {
            throw new IllegalArgumentException("mqtt.embeddedHost/embeddedPort: " + e.getMessage(), e);
        }
        tls.ifPresent(listener -> listener.addTo(config, dir));
        // Without these every new subscription queue logs two warnings.
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue")));
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded broker could not start on " + host + ":" + port
                    + " with data in " + dir + " (is another gateway using them?): " + e.getMessage(), e);
        }
        LOG.info("embedded broker listening [address: tcp://{}:{}{}, data: {}]", host, port,
                tls.map(listener -> ", " + listener.url()).orElse(""), dir);
        return new EmbeddedBroker(server);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

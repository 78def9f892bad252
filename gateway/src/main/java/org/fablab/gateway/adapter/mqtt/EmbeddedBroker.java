package org.fablab.gateway.adapter.mqtt;

import java.nio.file.Path;
import java.util.Optional;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.remoting.server.RemotingService;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 broker started inside the gateway for a zero-setup lab: Apache ActiveMQ Artemis with
 * only its MQTT acceptor (the choice and its measurements are in {@code docs/embedded-broker.md}).
 * Persistent sessions, queued QoS 1 messages and retained messages are journaled under {@code dataDir}
 * and survive a restart. Security is on: {@link BrokerSecurity} decides every connect, publish and subscribe
 * (the gateway's own user, one user per node on its own topics, nobody anonymous), and Artemis's own
 * authentication and authorization caches are off, so that a revoked or changed node user bites at its next packet.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final long GLOBAL_MAX_BYTES = 64L * 1024 * 1024;

    private final EmbeddedActiveMQ server;

    private EmbeddedBroker(EmbeddedActiveMQ server) {
        this.server = server;
    }

    /** @param tls a TLS listener for nodes on the network, beside the plain one; both enforce {@code security} */
    public static EmbeddedBroker start(String host, int port, Path dataDir, BrokerSecurity security,
                                       Optional<EmbeddedTlsListener> tls) {
        Path dir = dataDir.toAbsolutePath();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("fablab-gateway")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setSecurityEnabled(true)
                // Artemis's cluster user skips the permission checks: never leave it the public default password
                .setClusterPassword(randomSecret())
                .setAuthenticationCacheSize(0)
                .setAuthorizationCacheSize(0)
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
        server.setSecurityManager(security);
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

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /** Drops the live connection of client {@code clientId}, if any; its session (subscriptions, queue) stays. */
    public void dropClient(String clientId) {
        for (RemotingConnection connection : server.getActiveMQServer().getRemotingService().getConnections()) {
            if (clientId.equals(connection.getClientID())) {
                connection.fail(new ActiveMQSecurityException("broker user changed or revoked"));
                LOG.info("dropped the broker connection [client: {}]", clientId);
            }
        }
    }

    /**
     * Stops the broker after ending every client connection itself. Artemis's own stop closes the sockets and leaves
     * each client's Last Will to its I/O thread, which may run after the journal has stopped: the will is then lost
     * with an error ("Journal must be in state=LOADED"). Failing the connections here, with no new ones accepted,
     * publishes every will (a node's signed {@code offline} status) while the journal still takes it.
     */
    @Override
    public void close() throws Exception {
        RemotingService remoting = server.getActiveMQServer().getRemotingService();
        remoting.pauseAcceptors();
        for (RemotingConnection connection : remoting.getConnections()) {
            connection.fail(new ActiveMQNotConnectedException("the gateway's broker is stopping"));
        }
        server.stop();
    }
}

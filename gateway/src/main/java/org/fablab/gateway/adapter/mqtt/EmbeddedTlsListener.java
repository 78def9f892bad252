package org.fablab.gateway.adapter.mqtt;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;

/**
 * The embedded broker's MQTT-over-TLS acceptor, for nodes on the network, with the same PEM certificate and key as
 * Mosquitto or the gateway's HTTPS ({@code docs/tls.md}).
 *
 * <p>Artemis reads PEM natively (key store type {@code PEMCFG}, from the {@code pem-keystore} provider its client
 * ships) but takes a key store <em>path</em>: a small properties file naming the certificate and key files is written
 * in the broker's data folder at each start. It holds no key material, only the two paths, so the PEM files stay the
 * one place where the key lives and a renewed certificate is picked up at the next start.
 *
 * @param host interface to bind
 * @param port TCP port, 8883 by default
 */
public record EmbeddedTlsListener(String host, int port, Path certificateFile, Path keyFile) {
    static final String ACCEPTOR = "mqtt-tls";

    void addTo(Configuration config, Path dataDir) {
        Path keyStore = writeKeyStoreConfig(dataDir.resolve("tls"));
        config.addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(), Map.of(
                TransportConstants.HOST_PROP_NAME, host,
                TransportConstants.PORT_PROP_NAME, port,
                TransportConstants.PROTOCOLS_PROP_NAME, "MQTT",
                TransportConstants.SSL_ENABLED_PROP_NAME, true,
                TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PEMCFG",
                TransportConstants.KEYSTORE_PATH_PROP_NAME, keyStore.toString()), ACCEPTOR));
    }

    /** Where nodes connect. */
    public String url() {
        return "ssl://" + host + ":" + port;
    }

    private Path writeKeyStoreConfig(Path folder) {
        Properties pem = new Properties();
        pem.setProperty("alias", "server");
        pem.setProperty("source.cert", certificateFile.toAbsolutePath().toString());
        pem.setProperty("source.key", keyFile.toAbsolutePath().toString());
        Path file = folder.resolve("mqtt-tls.pemcfg");
        try {
            Files.createDirectories(folder);
            try (OutputStream out = Files.newOutputStream(file)) {
                pem.store(out, "written by the gateway at each start from mqtt.embeddedTls; edits are lost");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}

package org.fablab.gateway.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fablab.protocol.BrokerTransport;
import org.fablab.provision.LabCertificates;

/**
 * The TLS part of the gateway's configuration checks ({@code docs/tls.md}): plain MQTT on loopback only unless
 * {@code mqtt.plainOnNetwork}, and certificate, key and CA files that exist, are PEM and belong together, so a typo
 * stops the gateway at start (exit 2) instead of at the first TLS handshake.
 */
final class TlsConfigCheck {
    private TlsConfigCheck() {
    }

    static List<String> problems(GatewayConfig c) {
        List<String> problems = new ArrayList<>();
        GatewayConfig.Mqtt mqtt = c.mqtt();
        if (mqtt.mode() == GatewayConfig.MqttMode.EMBEDDED && !mqtt.plainOnNetwork()
                && !BrokerTransport.isLoopback(mqtt.embeddedHost())) {
            problems.add("mqtt.embeddedHost: '" + mqtt.embeddedHost() + "' is not a loopback address: the embedded "
                    + "broker's plain listener may listen on 127.0.0.1, ::1 or localhost only; let nodes in through "
                    + "mqtt.embeddedTls (docs/tls.md), or set mqtt.plainOnNetwork: true on an isolated network");
        }
        boolean externalUrl = mqtt.mode() == GatewayConfig.MqttMode.EXTERNAL && mqtt.url().matches("(tcp|ssl)://.+:\\d+");
        if (externalUrl && !mqtt.plainOnNetwork() && BrokerTransport.isPlainOffLoopback(mqtt.url())) {
            problems.add("mqtt.url: plain MQTT to '" + mqtt.url() + "' is refused: tcp:// is for loopback only; use "
                    + "ssl://host:8883 with mqtt.caFile (docs/tls.md), or set mqtt.plainOnNetwork: true on an "
                    + "isolated network");
        }
        mqtt.caFileIfSet().ifPresent(ca -> {
            try {
                BrokerTransport.trusting(ca);
            } catch (IllegalArgumentException e) {
                problems.add("mqtt.caFile: " + e.getMessage());
            }
        });
        checkPair(problems, "http.tls", c.http().tls());
        if (mqtt.mode() == GatewayConfig.MqttMode.EMBEDDED && mqtt.embeddedTls().files().enabled()) {
            checkPair(problems, "mqtt.embeddedTls", mqtt.embeddedTls().files());
            int port = mqtt.embeddedTls().port();
            if (port < 1 || port > 65_535) {
                problems.add("mqtt.embeddedTls.port: must be a TCP port between 1 and 65535, was " + port);
            } else if (port == mqtt.embeddedPort()) {
                problems.add("mqtt.embeddedTls.port: must differ from mqtt.embeddedPort (" + port + ")");
            }
            if (mqtt.embeddedTls().host() == null || mqtt.embeddedTls().host().isBlank()) {
                problems.add("mqtt.embeddedTls.host: must be set, e.g. 0.0.0.0");
            }
        }
        return problems;
    }

    private static void checkPair(List<String> problems, String field, GatewayConfig.Tls tls) {
        if (!tls.enabled()) {
            return;
        }
        if (!GatewayConfig.Tls.isSet(tls.certificateFile()) || !GatewayConfig.Tls.isSet(tls.keyFile())) {
            problems.add(field + ": give both " + field + ".certificateFile and " + field + ".keyFile, or neither");
            return;
        }
        String certificate = read(problems, field + ".certificateFile", tls.certificateFile());
        String key = read(problems, field + ".keyFile", tls.keyFile());
        if (certificate == null || key == null) {
            return;
        }
        try {
            LabCertificates.read(certificate, key);
        } catch (IllegalArgumentException e) {
            problems.add(field + ": " + tls.certificateFile() + " and " + tls.keyFile() + ": " + e.getMessage());
        }
    }

    private static String read(List<String> problems, String field, Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            problems.add(field + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }
}

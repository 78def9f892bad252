package org.fablab.gateway.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration file of one gateway instance of a lab run as several: an external broker whose node traffic the
 * instances share ({@code mqtt.sharedGroup}), and one PostgreSQL schema.
 */
public record InstanceConfig(String lab, int httpPort, String mqttUrl, String clientId, String sharedGroup,
                             String storeUrl, int poolSize, String gatewayPrivateKey, String labPepper) {

    /** Writes the configuration to {@code file} and returns it. */
    public Path write(Path file) throws IOException {
        return Files.writeString(file, """
                lab: %s
                http:
                  port: %d
                mqtt:
                  mode: external
                  url: %s
                  clientId: %s
                  sharedGroup: %s
                store:
                  url: "%s"
                  poolSize: %d
                keys:
                  gatewayPrivateKey: %s
                  labPepper: %s
                """.formatted(lab, httpPort, mqttUrl, clientId, sharedGroup, storeUrl, poolSize, gatewayPrivateKey,
                labPepper));
    }
}

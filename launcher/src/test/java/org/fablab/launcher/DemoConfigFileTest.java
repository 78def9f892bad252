package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.gateway.app.ConfigLoader;
import org.fablab.gateway.app.GatewayConfig;
import org.fablab.gateway.app.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config the demo leaves in its data folder loads back to the very config it runs with, every setting included,
 * so a key added to the gateway's config cannot be forgotten by the file the CLI words read.
 */
class DemoConfigFileTest {
    @TempDir
    Path dataDir;

    @Test
    void theWrittenFile_loadsBackToTheConfigTheDemoRunsWith_withTheSameSecretsFromTheFilesBesideIt() throws Exception {
        DemoKeys keys = DemoKeys.loadOrCreate(dataDir.resolve("demo-keys.json"), List.of("laser-1"));
        Map<String, String> settings = new HashMap<>();
        settings.put("FABLAB_LAB", "config-lab");
        settings.put("FABLAB_TIME_ZONE", "America/Montreal");
        settings.put("FABLAB_HTTP_PORT", "8181");
        settings.put("FABLAB_MQTT_EMBEDDED_PORT", "18841");
        settings.put("FABLAB_MQTT_DATA_DIR", dataDir.resolve("broker").toString());
        settings.put("FABLAB_MQTT_SHARED_GROUP", "gateways");
        settings.put("FABLAB_STORE_URL", "jdbc:sqlite:" + dataDir.resolve("fablab.db"));
        settings.put("FABLAB_STORE_POOL_SIZE", "3");
        settings.put("FABLAB_KEYS_GATEWAY_PRIVATE_KEY", keys.gatewayPrivateKey());
        settings.put("FABLAB_KEYS_LAB_PEPPER", keys.labPepper());
        settings.put("FABLAB_INGEST_BATCH_SIZE", "123");
        settings.put("FABLAB_INGEST_SECURITY_LOG_FULL_PER_MINUTE", "3");
        settings.put("FABLAB_INGEST_SECURITY_LOG_RETENTION", "P7D");
        settings.put("FABLAB_BILLING_CURRENCY", "CAD");
        settings.put("FABLAB_BILLING_ISSUER", "Fablab: \"test\"\n2 rue X");
        settings.put("FABLAB_BOARD_PUBLIC_NAME", "initials");
        GatewayConfig running = ConfigLoader.load(Optional.empty(), settings);

        DemoConfigFile.write(dataDir, running, keys);
        GatewayConfig loaded = ConfigLoader.load(Optional.of(dataDir.resolve(DemoConfigFile.FILE_NAME)), Map.of());

        assertThat(loaded).usingRecursiveComparison().ignoringFields("keys").isEqualTo(running);
        assertThat(Secrets.labPepper(loaded.keys())).isEqualTo(Secrets.labPepper(running.keys()));
        assertThat(Secrets.gatewayKey(loaded.keys()).getEncoded())
                .isEqualTo(Secrets.gatewayKey(running.keys()).getEncoded());
    }
}

package org.fablab.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.fablab.protocol.Json;
import org.junit.jupiter.api.Test;

class MosquittoConfTest {
    private static MosquittoConf conf(String bind, Optional<MosquittoConf.Tls> tls) {
        return new MosquittoConf("lab1", bind, 8883, tls, MosquittoConf.DEBIAN_PLUGIN,
                Path.of("/var/lib/mosquitto/dynamic-security.json"), Optional.empty(), 100_000, 1000,
                Duration.ofDays(30));
    }

    @Test
    void text_withTls_hasEveryLineABrokerNeeds() {
        String text = conf("0.0.0.0", Optional.of(new MosquittoConf.Tls(Path.of("/etc/fablab/ca.pem"),
                Path.of("/etc/fablab/broker.pem"), Path.of("/etc/fablab/broker-key.pem")))).text();
        for (String line : new String[]{"allow_anonymous false", "listener 8883 0.0.0.0", "cafile /etc/fablab/ca.pem",
                "certfile /etc/fablab/broker.pem", "keyfile /etc/fablab/broker-key.pem",
                "plugin /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
                "plugin_opt_config_file /var/lib/mosquitto/dynamic-security.json", "persistence true",
                "max_queued_messages 100000", "max_inflight_messages 1000", "persistent_client_expiration 30d"}) {
            assertTrue(text.lines().anyMatch(line::equals), () -> "missing '" + line + "' in\n" + text);
        }
        assertTrue(text.lines().noneMatch(l -> l.startsWith("persistence_location")));
    }

    @Test
    void plainMqtt_onTheNetwork_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conf("0.0.0.0", Optional.empty()));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    }

    @Test
    void dynsecHash_isMosquittos() {
        // made by `mosquitto_ctrl dynsec init file admin secretpw` (Mosquitto 2.0.11)
        byte[] salt = Base64.getDecoder().decode("IJYitelCeOod62J+");
        assertEquals("Umr8ZxgYm4L1cP2JBTSXZAi7mY0fNDHyy8pN2lZs1b6M0A74oZrYAPsM3f7N0oM4qkH9hDwOIcPBKkxdqMVQeA==",
                Base64.getEncoder().encodeToString(DynsecFile.hash("secretpw", salt, 101)));
    }

    @Test
    void dynsecFile_bindsTheGatewayToItsClientId_andAllowsNothingByDefault() throws Exception {
        JsonNode root = Json.mapper().readTree(DynsecFile.json("lab1", List.of(new DynsecFile.Instance(
                "fablab-gateway", new DynsecFile.User("gateway", "pw2"), new DynsecFile.User("admin", "pw1"))),
                Optional.empty(), new SecureRandom()));
        assertEquals(false, root.at("/defaultACLAccess/publishClientSend").booleanValue());
        assertEquals(false, root.at("/defaultACLAccess/subscribe").booleanValue());
        assertEquals("fablab-gateway", root.at("/clients/1/clientid").textValue());
        assertEquals("subscribePattern", root.at("/roles/1/acls/1/acltype").textValue());
        assertEquals("fablab/v1/lab1/#", root.at("/roles/1/acls/1/topic").textValue());
    }
}

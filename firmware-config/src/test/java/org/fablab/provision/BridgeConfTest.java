package org.fablab.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BridgeConfTest {
    private static BridgeConf conf(String host, String password, Optional<BridgeConf.ClientCert> clientCert) {
        return new BridgeConf("lab-a", "lab-b", host, 8883, Path.of("/etc/fablab/partners/lab-b-ca.pem"), clientCert,
                BridgeConf.clientId("lab-a", "lab-b"), password, Duration.ofSeconds(5), Duration.ofSeconds(120));
    }

    @Test
    void text_bridgesOnlyTheNetworkTreeBetweenTheTwoLabs_overTls_withPersistentSessions() {
        String text = conf("broker.lab-b.example.org", "s3cret-pw", Optional.empty()).text();
        List<String> lines = text.lines().filter(l -> !l.startsWith("#")).toList();
        assertEquals(List.of("connection fablab-network-lab-b", "address broker.lab-b.example.org:8883",
                "bridge_protocol_version mqttv311", "try_private true", "remote_clientid fablab-bridge.lab-a.lab-b",
                "local_clientid fablab-bridge.lab-a.lab-b.local", "remote_username fablab-bridge.lab-a.lab-b",
                "remote_password s3cret-pw", "cleansession false", "local_cleansession false",
                "start_type automatic", "restart_timeout 5 120", "notifications true", "notifications_local_only true",
                "bridge_cafile /etc/fablab/partners/lab-b-ca.pem", "bridge_insecure false",
                "bridge_tls_version tlsv1.2", "topic fablab/v1/network/lab-a/lab-b/# out 1",
                "topic fablab/v1/network/lab-b/lab-a/# in 1"), lines);
        assertTrue(text.startsWith("# Bridge from fablab lab 'lab-a' to partner lab 'lab-b'"), text);
    }

    @Test
    void aClientCertificate_isGivenToThePartner() {
        String text = conf("10.0.0.7", "pw", Optional.of(new BridgeConf.ClientCert(Path.of("/etc/fablab/c.pem"),
                Path.of("/etc/fablab/c.key")))).text();
        assertTrue(text.contains("\nbridge_certfile /etc/fablab/c.pem\nbridge_keyfile /etc/fablab/c.key\n"), text);
        assertTrue(text.contains("\naddress 10.0.0.7:8883\n"), text);
    }

    @Test
    void theClientId_namesOnePairAndItsDirection() {
        assertEquals("fablab-bridge.a.b", BridgeConf.clientId("a", "b"));
        assertFalse(BridgeConf.clientId("a-b", "c").equals(BridgeConf.clientId("a", "b-c")));
    }

    @Test
    void whatMosquittoWouldMisread_orABridgeToItself_isRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> conf("fd00::1", "pw", Optional.empty()))
                .getMessage().startsWith("address:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> conf("host name", "pw", Optional.empty()))
                .getMessage().startsWith("address:"));
        IllegalArgumentException spaced = assertThrows(IllegalArgumentException.class,
                () -> conf("h", "two words", Optional.empty()));
        assertTrue(spaced.getMessage().startsWith("password:"), spaced.getMessage());
        assertFalse(spaced.getMessage().contains("two words"), "the refused password is not shown");
        assertThrows(IllegalArgumentException.class, () -> new BridgeConf("lab-a", "lab-a", "h", 8883, Path.of("ca"),
                Optional.empty(), "u", "p", Duration.ofSeconds(5), Duration.ofSeconds(120)));
        assertThrows(IllegalArgumentException.class, () -> new BridgeConf("lab-a", "lab-b", "h", 8883, Path.of("ca"),
                Optional.empty(), "u", "p", Duration.ofSeconds(5), Duration.ofSeconds(1)));
    }

    @Test
    void theConnectingSidesUser_isTheOneTheAcceptingSideNames() {
        assertEquals(BridgeConf.clientId("lab-a", "lab-b"), conf("h", "p", Optional.empty()).username());
    }
}

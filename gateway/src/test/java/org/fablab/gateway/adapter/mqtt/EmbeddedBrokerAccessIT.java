package org.fablab.gateway.adapter.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.fablab.gateway.adapter.crypto.Argon2idPasswords;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.gateway.port.BrokerUserStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker rules on the embedded Artemis broker, with its users in memory instead of the database. */
class EmbeddedBrokerAccessIT extends BrokerAccessContract {
    @TempDir
    Path data;
    private EmbeddedBroker broker;
    private BrokerAccounts accounts;
    private Login login;

    @Override
    void startBroker() {
        int port = freePort();
        BrokerSecurity.GatewayLogin gateway = BrokerSecurity.GatewayLogin.random("fablab-gateway", "gw-test");
        BrokerSecurity security = new BrokerSecurity(LAB, gateway, Optional.empty(), new Argon2idPasswords(), Map.of());
        broker = EmbeddedBroker.start("127.0.0.1", port, data, security, Optional.empty());
        accounts = new EmbeddedBrokerAccounts(new MemoryUsers(), security, broker, new Argon2idPasswords(),
                Clock.systemUTC());
        login = new Login("tcp://127.0.0.1:" + port, gateway.username(), gateway.password(), gateway.clientId());
    }

    @Override
    void stopBroker() throws Exception {
        broker.close();
    }

    /** Artemis's built-in cluster user skips the permission checks, and its default password is public. */
    @Test
    void artemisClusterUser_withItsDefaultPassword_isRefused() {
        MqttException refused = assertThrows(MqttException.class,
                () -> connect("intruder", "ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!", true));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode());
    }

    @Override
    BrokerAccounts accounts() {
        return accounts;
    }

    @Override
    Login gatewayLogin() {
        return login;
    }

    private static final class MemoryUsers implements BrokerUserStore {
        private final Map<String, String> users = new ConcurrentHashMap<>();

        @Override
        public Map<String, String> all() {
            return Map.copyOf(users);
        }

        @Override
        public void put(String nodeId, String passwordHash, Instant at) {
            users.put(nodeId, passwordHash);
        }

        @Override
        public void delete(String nodeId) {
            users.remove(nodeId);
        }
    }
}

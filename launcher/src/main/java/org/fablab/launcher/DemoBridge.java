package org.fablab.launcher;

import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.adapter.mqtt.EmbeddedBrokerAccounts;
import org.fablab.protocol.network.NetworkTopic;
import org.fablab.provision.BridgeConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two demo labs' bridge: carries what each lab's gateway sends the other on the network tree from its embedded
 * broker to the other's, and nothing else, as the Mosquitto bridge of {@code docs/network.md} does between two labs'
 * brokers. On each broker it logs in as the other lab's bridge user (rights of {@code BrokerRules.bridge}), granted for
 * this run with a random password. Its sessions are persistent and a message is acknowledged to the broker it came
 * from only once the other broker took it, so what crosses while one side reconnects is delivered afterwards.
 */
final class DemoBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoBridge.class);

    private final MqttClient onA;
    private final MqttClient onB;

    private DemoBridge(MqttClient onA, MqttClient onB) {
        this.onA = onA;
        this.onB = onB;
    }

    static DemoBridge start(Demo a, Demo b) {
        String labA = a.config().lab();
        String labB = b.config().lab();
        MqttClient onA = null;
        MqttClient onB = null;
        try {
            onA = connect(a, labB);
            onB = connect(b, labA);
            subscribe(onA, NetworkTopic.fromTo(labA, labB), onB);
            subscribe(onB, NetworkTopic.fromTo(labB, labA), onA);
        } catch (MqttException e) {
            closeQuietly(onA);
            closeQuietly(onB);
            throw new IllegalStateException("the bridge between " + labA + " and " + labB + " could not start: "
                    + e.getMessage(), e);
        }
        LOG.info("demo bridge up [{} <-> {}]", labA, labB);
        return new DemoBridge(onA, onB);
    }

    /** Logs in on {@code lab}'s embedded broker as partner {@code partner}'s bridge, granted here. */
    private static MqttClient connect(Demo lab, String partner) throws MqttException {
        if (!(lab.gateway().brokerAccounts() instanceof EmbeddedBrokerAccounts accounts)) {
            throw new IllegalStateException("the network demo bridges the labs' embedded brokers; lab "
                    + lab.config().lab() + " is on an external one (mqtt.mode)");
        }
        String user = BridgeConf.clientId(partner, lab.config().lab());
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
        accounts.grantBridge(partner, user, password);
        MqttClient client = new MqttClient(lab.config().mqtt().effectiveUrl(), user, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(password);
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        return client;
    }

    /**
     * Forwards what arrives on {@code filter} to the other broker at QoS 1. A broker delivers a retained message to a
     * live subscriber without its flag: the channels that are retained ({@code passes}) are published retained again,
     * so that the partner's gateway finds the list after a restart. A message the other broker did not take is not
     * acknowledged, and comes back once this client reconnects.
     */
    private static void subscribe(MqttClient from, String filter, MqttClient to) throws MqttException {
        IMqttMessageListener forward = (topic, message) -> to.publish(topic, message.getPayload(), 1,
                message.isRetained() || retainedChannel(topic));
        from.subscribe(filter, 1, forward);
    }

    private static boolean retainedChannel(String topic) {
        try {
            return NetworkTopic.of(topic).channel().retained();
        } catch (IllegalArgumentException channelOfALaterVersion) {
            return false;
        }
    }

    private static void closeQuietly(MqttClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1_000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.warn("closing the demo bridge's client {} failed: {}", client.getClientId(), e.getMessage());
        }
    }

    @Override
    public void close() {
        closeQuietly(onA);
        closeQuietly(onB);
    }
}

package org.fablab.node.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.Message;
import org.fablab.protocol.TestVectors;
import org.fablab.protocol.Topic;
import org.fablab.protocol.Verifier;

/** The real Mosquitto the integration tests run against, and a recording test client on it. */
final class Broker {
    private Broker() {
    }

    /** {@code FABLAB_TEST_MQTT_URL}, default {@code tcp://127.0.0.1:1883}. */
    static String url() {
        String url = System.getenv("FABLAB_TEST_MQTT_URL");
        return url == null || url.isBlank() ? "tcp://127.0.0.1:1883" : url;
    }

    static String host() {
        return URI.create(url()).getHost();
    }

    static int port() {
        int port = URI.create(url()).getPort();
        return port < 0 ? 1883 : port;
    }

    /** Fails (never skips) when the broker is not listening. */
    static void requireReachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), port()), 3000);
        } catch (IOException e) {
            fail("the MQTT broker at " + url() + " is not reachable (" + e.getMessage() + "); start Mosquitto"
                    + " (apt-get install mosquitto; mosquitto -d) or point FABLAB_TEST_MQTT_URL at a running broker");
        }
    }

    /** A lab or node id unique to this test run, so retained messages never leak between runs. */
    static String uniqueId(String prefix) {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes);
    }

    /** Verifies node messages with the test-vector key of {@code laser-1}, which every test node uses. */
    static Verifier nodeVerifier() {
        return new Verifier(topic -> topic.channel().direction() == Channel.Direction.NODE_TO_GATEWAY
                ? Optional.of(TestVectors.nodePublicKey("laser-1")) : Optional.empty(),
                java.time.Clock.systemUTC(), Verifier.Limits.DEFAULT);
    }

    /** A test client recording every message of {@code node} in {@code lab}; fails when the broker is not listening. */
    static Client watching(String lab, String node) throws MqttException {
        requireReachable();
        return new Client().subscribe(Topic.ROOT + lab + "/nodes/" + node + "/#");
    }

    /** Leaves nothing of {@code node} behind: its retained status and ACL, the client, its persistent session. */
    static void cleanUp(Client client, String lab, String node) throws MqttException {
        client.clearRetained(Topic.of(lab, node, Channel.STATUS).toString());
        client.clearRetained(Topic.of(lab, node, Channel.ACL).toString());
        client.close();
        forgetSession(node);
    }

    /** Drops the broker's persistent session of a node (cleanSession=false), so test runs leave nothing behind. */
    static void forgetSession(String clientId) throws MqttException {
        MqttClient client = new MqttClient(url(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        client.disconnect();
        client.close();
    }

    /** A connected test client that records every message on the filters it subscribes to. */
    static final class Client implements AutoCloseable {
        record Received(String topic, byte[] payload, boolean retained) {
            String text() {
                return new String(payload, StandardCharsets.UTF_8);
            }

            /** The verified message, or null when verification failed. */
            Message verified() {
                Inbound result = nodeVerifier().verify(topic, payload);
                return result instanceof Inbound.Accepted accepted ? accepted.message() : null;
            }
        }

        private final MqttClient client;
        private final List<Received> received = new CopyOnWriteArrayList<>();

        Client() {
            try {
                client = new MqttClient(url(), "it-" + UUID.randomUUID(), new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        received.add(new Received(topic, message.getPayload(), message.isRetained()));
                    }

                    @Override
                    public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                    }
                });
                client.connect(options);
            } catch (MqttException e) {
                throw new AssertionError("test client cannot connect to " + url() + ": " + e.getMessage(), e);
            }
        }

        Client subscribe(String filter) throws MqttException {
            client.subscribe(filter, Channel.QOS);
            return this;
        }

        void publish(String topic, byte[] payload, boolean retained) throws MqttException {
            client.publish(topic, payload, Channel.QOS, retained);
        }

        /** Removes a retained message. */
        void clearRetained(String topic) throws MqttException {
            client.publish(topic, new byte[0], Channel.QOS, true);
        }

        List<Received> received() {
            return List.copyOf(received);
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }
}

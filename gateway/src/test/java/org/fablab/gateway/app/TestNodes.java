package org.fablab.gateway.app;

import java.security.PublicKey;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.port.LabDirectory;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Message;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Signer;

/** What the gateway tests that play a node on a real broker share: the broker, the lab it knows, the signing. */
public final class TestNodes {
    private TestNodes() {
    }

    /** The test Mosquitto: anonymous on the loopback (FABLAB_TEST_MQTT_URL, 127.0.0.1:1883 by default). */
    public static String mosquittoUrl() {
        String url = System.getenv("FABLAB_TEST_MQTT_URL");
        return url == null || url.isBlank() ? "tcp://127.0.0.1:1883" : url;
    }

    /** A client of the broker at {@code url}, connected with a clean session or resuming the one it had. */
    public static MqttClient connect(String url, String clientId, boolean cleanSession) throws MqttException {
        MqttClient client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        client.connect(options);
        return client;
    }

    /** Ends the broker's session of {@code clientId}, so that nothing a test left queued reaches the next. */
    public static void forgetSession(String url, String clientId) throws MqttException {
        MqttClient forget = connect(url, clientId, true);
        forget.disconnect();
        forget.close();
    }

    /** {@code message} signed as a node publishes it: QoS 1, retained when it is a status the broker keeps. */
    public static MqttMessage signed(Signer signer, Message message, boolean retained) {
        MqttMessage signed = new MqttMessage(signer.sign(message));
        signed.setQos(1);
        signed.setRetained(retained);
        return signed;
    }

    /** Seeds one machine, printer-1, with {@code node} on it, that may grant from its cache for a day offline. */
    public static Consumer<LabDirectory> onePrinter(String node, PublicKey nodeKey) {
        return directory -> {
            directory.upsert(new MachineRecord("printer-1", "Printer 1", "3d-printer"));
            directory.upsert(new NodeRecord(node, "printer-1", Ed25519Keys.encode(nodeKey),
                    OfflinePolicy.CACHED, Duration.ofHours(24)));
        };
    }
}

package org.fablab.gateway.adapter.mqtt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.ingest.IngestPipeline;
import org.fablab.protocol.BrokerTransport;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Topic;
import org.fablab.protocol.network.NetworkTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's MQTT connection: a persistent session ({@code cleanSession=false}) that subscribes to
 * every node's {@code events}, {@code status} and {@code auth/request} (events and auth requests through the shared
 * group when one is configured, statuses never, see {@link #EVERY_INSTANCE}) and hands events and statuses to the
 * {@link IngestPipeline} and auth requests to their own handler, with manual acknowledgement, so the broker keeps a message until it is handled. Also publishes the gateway's
 * signed messages (ACLs, commands, auth responses). Reconnects by itself.
 */
public final class PahoGatewayLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PahoGatewayLink.class);
    private static final int MAX_INFLIGHT = 1000;
    /**
     * Channels every instance subscribes to directly even with a shared group: each instance's live board and node
     * registry need every node's status, where a shared subscription would give each one only its turn of them.
     * Events and auth requests need handling once, by whichever instance: they are shared.
     */
    private static final Set<Channel> EVERY_INSTANCE = EnumSet.of(Channel.STATUS);

    /**
     * Where and how to connect.
     *
     * @param caFile the lab CA, the only issuer trusted on an {@code ssl://} url; empty trusts the JVM's trust store
     */
    public record Settings(String url, String clientId, Optional<String> username, String password, String lab,
                           Optional<String> sharedGroup, Optional<Path> caFile) {
        /** Settings without a pinned CA. */
        public Settings(String url, String clientId, Optional<String> username, String password, String lab,
                        Optional<String> sharedGroup) {
            this(url, clientId, username, password, lab, sharedGroup, Optional.empty());
        }

        @Override
        public String toString() {
            return "Settings[url=" + url + ", clientId=" + clientId + ", user=" + username.orElse("none") + "]";
        }
    }

    private final Settings settings;
    private final MqttAsyncClient client;
    /** Set once by {@link #connect}, before the client starts its callback thread. */
    private IngestPipeline pipeline;
    /** Set once by {@link #connect}; takes each {@code auth/request} and must not block (the callback thread calls it). */
    private Consumer<IngestPipeline.Message> authRequests;
    /** Set once by {@link #connect}; takes each message from a partner lab, null when the lab is in no network. */
    private Consumer<IngestPipeline.Message> network;

    /**
     * Makes the client without connecting, so publishers can hold the link before ingestion exists; publishing
     * fails (and is logged by the publisher) until {@link #connect} succeeds.
     */
    public PahoGatewayLink(Settings settings) throws MqttException {
        this.settings = settings;
        this.client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        this.client.setManualAcks(true);
    }

    /**
     * Connects and subscribes, handing every {@code auth/request} to {@code authRequests} and every other message to
     * {@code pipeline}; fails when the broker cannot be reached within the timeout.
     */
    public void connect(IngestPipeline pipeline, Consumer<IngestPipeline.Message> authRequests) throws MqttException {
        connect(pipeline, authRequests, Optional.empty());
    }

    /**
     * {@link #connect(IngestPipeline, Consumer)}, also subscribing to the partner labs' messages to this lab and
     * handing each to {@code network}, which must not block.
     */
    public void connect(IngestPipeline pipeline, Consumer<IngestPipeline.Message> authRequests,
                        Optional<Consumer<IngestPipeline.Message>> network) throws MqttException {
        this.pipeline = pipeline;
        this.authRequests = authRequests;
        this.network = network.orElse(null);
        client.setCallback(new Callback());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(30_000);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        BrokerTransport.socketFactory(settings.url(), settings.caFile()).ifPresent(options::setSocketFactory);
        options.setHttpsHostnameVerificationEnabled(true);
        settings.username().ifPresent(user -> {
            options.setUserName(user);
            options.setPassword(settings.password() == null ? new char[0] : settings.password().toCharArray());
        });
        client.connect(options).waitForCompletion(15_000);
        LOG.info("connected to the broker [url: {}, client: {}]", settings.url(), settings.clientId());
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Publishes a signed payload on its channel's QoS and retain flag; returns once the broker has it. */
    public void publish(Topic topic, byte[] payload) throws MqttException {
        publish(topic.toString(), payload, topic.channel().retained());
    }

    /** Publishes a signed message to a partner lab on its channel's retain flag; returns once the broker has it. */
    public void publish(NetworkTopic topic, byte[] payload) throws MqttException {
        publish(topic.toString(), payload, topic.channel().retained());
    }

    private void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(Channel.QOS);
        message.setRetained(retained);
        client.publish(topic, message).waitForCompletion(10_000);
    }

    /**
     * Publishes a signed payload on its channel's QoS and retain flag without waiting for the broker's
     * acknowledgement; for answers whose value is their speed ({@code auth/response}).
     */
    public void send(Topic topic, byte[] payload) throws MqttException {
        client.publish(topic.toString(), payload, Channel.QOS, topic.channel().retained());
    }

    /**
     * Subscribes again to the partner labs' messages, so the broker sends their retained pass lists once more: a pass
     * list that arrived before its sender was registered as a partner was refused, and its sender sends it again only
     * when it changes. Never blocks.
     */
    public void resubscribeNetwork() {
        if (network == null || !client.isConnected()) {
            return;
        }
        String filter = NetworkTopic.toLab(settings.lab());
        try {
            client.subscribe(filter, Channel.QOS);
        } catch (MqttException e) {
            LOG.warn("subscribing again to {} failed; the next reconnect does it: {}", filter, e.getMessage());
        }
    }

    private void subscribe() {
        List<String> wanted = new ArrayList<>(List.of(filter(Channel.EVENTS), filter(Channel.STATUS),
                filter(Channel.AUTH_REQUEST)));
        if (network != null) {
            wanted.add(NetworkTopic.toLab(settings.lab()));
        }
        String[] filters = wanted.toArray(String[]::new);
        int[] qos = new int[filters.length];
        Arrays.fill(qos, Channel.QOS);
        try {
            client.subscribe(filters, qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    LOG.info("subscribed [filters: {}]", String.join(", ", filters));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    LOG.error("subscription failed [filters: {}]: {}", String.join(", ", filters), failure.getMessage());
                }
            });
        } catch (MqttException e) {
            LOG.error("subscription failed; it is retried on the next reconnect: {}", e.getMessage());
        }
    }

    private String filter(Channel channel) {
        return settings.sharedGroup()
                .filter(group -> !EVERY_INSTANCE.contains(channel))
                .map(group -> Topic.sharedFilterAllNodes(group, settings.lab(), channel))
                .orElseGet(() -> Topic.filterAllNodes(settings.lab(), channel));
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(6_000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.warn("closing the MQTT connection: {}", e.getMessage());
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                LOG.info("reconnected to the broker [url: {}]", serverUri);
            }
            subscribe();
        }

        @Override
        public void connectionLost(Throwable cause) {
            // MQTT 3.1.1 gives no reason: a broker taking the session over for another connection with the same
            // client id just closes this one, which reconnects and takes it back, each in turn
            LOG.warn("lost the broker connection, reconnecting [client: {}]: {}; if this repeats, check that no other "
                            + "gateway instance uses mqtt.clientId {} (the broker logs 'already connected, closing old "
                            + "connection')", settings.clientId(), cause == null ? "unknown" : cause.getMessage(),
                    settings.clientId());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
            int id = message.getId();
            int qos = message.getQos();
            if (message.getPayload().length == 0 && (topic.endsWith("/" + Channel.STATUS.suffix())
                    || topic.startsWith(NetworkTopic.ROOT))) {
                // an emptied retained status (a retired node's, see NodeRegistry) or pass list (a partnership ended)
                // says nothing to ingest
                acknowledge(id, qos);
                return;
            }
            IngestPipeline.Message received = new IngestPipeline.Message(topic, message.getPayload(),
                    () -> acknowledge(id, qos));
            if (network != null && topic.startsWith(NetworkTopic.ROOT)) {
                network.accept(received);
            } else if (topic.endsWith("/" + Channel.AUTH_REQUEST.suffix())) {
                authRequests.accept(received);
            } else {
                pipeline.submit(received);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // publishes wait on their own token
        }
    }

    private void acknowledge(int id, int qos) {
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException e) {
            LOG.warn("acknowledging message {} failed; the broker will redeliver it: {}", id, e.getMessage());
        }
    }
}

package org.fablab.node.adapter.paho;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.node.port.NodeMemory;
import org.fablab.node.port.Outbox;
import org.fablab.node.port.Uplink;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.AuthRequest;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.BouncyCastleEd25519;
import org.fablab.protocol.BrokerTransport;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Command;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.NoDelaySockets;
import org.fablab.protocol.NodeState;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.fablab.protocol.Verifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Uplink} over Eclipse Paho MQTT v3: client id = node id, {@code cleanSession=false}, a signed
 * retained {@code offline} Last Will, a signed retained {@code online} status after every connect,
 * subscriptions to the node's {@code acl}, {@code cmd} and {@code auth/response} topics at QoS 1, the outbox
 * published in seq order at QoS 1, each entry removed on its PUBACK, and live {@code auth/request}s published
 * directly.
 *
 * <p>Reconnecting is done here with exponential backoff rather than by Paho's automatic reconnect,
 * which does not retry a first connect that fails (a node booting while the broker is down). After
 * every connect, all pending entries are published again: the SQLite outbox is the source of truth and
 * Paho keeps its own in-flight state only in memory, so an entry may arrive twice, which the gateway
 * ignores by {@code (node, seq)}.
 *
 * <p>Thread-safe. Listener callbacks run on Paho's callback thread. {@link #close()} may come from any thread at any
 * moment, a connect in flight included: a connect is started only under this object's lock and only while not
 * closed, close stops a connect in flight under the same lock, and a connect that completes after close anyway is
 * dropped without a word to the broker beyond its Will.
 */
public final class PahoUplink implements Uplink {
    private static final Logger LOG = LoggerFactory.getLogger(PahoUplink.class);
    private static final int MAX_IN_FLIGHT = 32;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final long QUIESCE_MILLIS = 2_000;

    /**
     * Connection settings.
     *
     * @param username broker user, or null for an anonymous broker
     * @param password broker password, or null
     * @param drainTimeout how long {@link #close()} waits for the outbox to empty
     * @param brokerCaFile the lab CA, the only issuer trusted on an {@code ssl://} URL; empty trusts the JVM's trust
     *                     store
     */
    public record Settings(String brokerUrl, String username, String password, String lab, String node,
                           Duration drainTimeout, Optional<Path> brokerCaFile) {
        /** Settings without a pinned CA. */
        public Settings(String brokerUrl, String username, String password, String lab, String node,
                        Duration drainTimeout) {
            this(brokerUrl, username, password, lab, node, drainTimeout, Optional.empty());
        }

        public Settings {
            if (brokerUrl == null || brokerUrl.isBlank()) {
                throw new IllegalArgumentException("brokerUrl is missing");
            }
            Topic.of(lab, node, Channel.STATUS);
            if (drainTimeout == null || drainTimeout.isNegative()) {
                throw new IllegalArgumentException("drainTimeout must be >= 0");
            }
            brokerCaFile = brokerCaFile == null ? Optional.empty() : brokerCaFile;
        }

        @Override
        public String toString() {
            return "Settings[brokerUrl=" + brokerUrl + ", username=" + username + ", lab=" + lab + ", node=" + node
                    + ", brokerCaFile=" + brokerCaFile.map(Path::toString).orElse("none") + "]";
        }
    }

    private final Settings settings;
    private final Signer signer;
    private final Verifier verifier;
    private final Outbox outbox;
    private final Clock clock;
    private final String statusTopic;
    private final String aclTopic;
    private final String cmdTopic;
    private final String authResponseTopic;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService reconnects;
    private volatile MqttAsyncClient client;
    private volatile Optional<SocketFactory> sockets = Optional.empty();
    /** The plain connection's sockets, which close takes back; empty on TLS. */
    private volatile Optional<HeldSockets> heldSockets = Optional.empty();
    private volatile Listener listener;
    /** The connect time of the current connection, the {@code ts} of its Last Will; null before the first. */
    private volatile Instant connectedAt;
    private Duration backoff = FIRST_BACKOFF;
    private volatile boolean closed;
    /** Whether a connect was ever started: until then the client has no network to stop. Guarded by this. */
    private boolean connectStarted;

    public PahoUplink(Settings settings, Signer signer, PublicKey gatewayKey, Outbox outbox, Clock clock) {
        this.settings = settings;
        this.signer = signer;
        this.outbox = outbox;
        this.clock = clock;
        this.statusTopic = Topic.of(settings.lab(), settings.node(), Channel.STATUS).toString();
        this.aclTopic = Topic.of(settings.lab(), settings.node(), Channel.ACL).toString();
        this.cmdTopic = Topic.of(settings.lab(), settings.node(), Channel.CMD).toString();
        this.authResponseTopic = Topic.of(settings.lab(), settings.node(), Channel.AUTH_RESPONSE).toString();
        this.verifier = new Verifier(topic -> isOwnInbound(topic) ? Optional.of(gatewayKey) : Optional.empty(),
                clock, Verifier.Limits.DEFAULT, new BouncyCastleEd25519());
        this.reconnects = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mqtt-connect-" + settings.node());
            thread.setDaemon(true);
            return thread;
        });
    }

    private boolean isOwnInbound(Topic topic) {
        return topic.lab().equals(settings.lab()) && topic.node().equals(settings.node())
                && topic.channel().direction() == Channel.Direction.GATEWAY_TO_NODE;
    }

    @Override
    public synchronized void start(Listener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("uplink already started");
        }
        this.listener = listener;
        try {
            // Memory persistence: durability is the SQLite outbox's job, and Paho's file store would only duplicate it.
            client = new MqttAsyncClient(settings.brokerUrl(), settings.node(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("brokerUrl '" + settings.brokerUrl() + "' is not usable: " + e.getMessage(), e);
        }
        Optional<SocketFactory> transport;
        try {
            transport = BrokerTransport.socketFactory(settings.brokerUrl(), settings.brokerCaFile());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("brokerCaFile: " + e.getMessage(), e);
        }
        heldSockets = transport.filter(NoDelaySockets.class::isInstance).map(plain -> new HeldSockets());
        sockets = heldSockets.<SocketFactory>map(held -> held).or(() -> transport);
        client.setCallback(new Callback());
        reconnects.execute(this::connect);
    }

    private void connect() {
        if (closed) {
            return;
        }
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setMaxInflight(MAX_IN_FLIGHT * 2);
        sockets.ifPresent(options::setSocketFactory);
        // the broker's certificate must name the host of brokerUrl, as HTTPS checks it
        options.setHttpsHostnameVerificationEnabled(true);
        Instant willTs = clock.instant();
        options.setWill(statusTopic, signer.sign(NodeStatus.offline(settings.lab(), settings.node(), willTs)),
                Channel.QOS, true);
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(settings.password().toCharArray());
        }
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
                connectStarted = true;
                client.connect(options, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        onConnected(willTs);
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        if (closed) {
                            return;
                        }
                        LOG.warn("cannot connect to the broker, retrying in {} ms [node: {}, broker: {}]: {}",
                                backoff.toMillis(), settings.node(), settings.brokerUrl(), failure.getMessage());
                        scheduleReconnect();
                    }
                });
            }
        } catch (MqttException e) {
            if (!closed) {
                LOG.warn("connect attempt failed [node: {}]: {}", settings.node(), e.getMessage());
                scheduleReconnect();
            }
        }
    }

    private synchronized void scheduleReconnect() {
        if (closed) {
            return;
        }
        Duration delay = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        reconnects.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onConnected(Instant willTs) {
        synchronized (this) {
            if (closed) {
                // the connect outran close's attempt to stop it: leave at once (the Will tells the gateway), from a
                // thread of our own, as Paho does not let its callback thread stop its own client
                MqttAsyncClient late = client;
                Thread leaving = new Thread(() -> closeQuietly(late, true), "mqtt-close-" + settings.node());
                leaving.setDaemon(true);
                leaving.start();
                return;
            }
            backoff = FIRST_BACKOFF;
            inFlight.clear();
        }
        connectedAt = willTs;
        LOG.info("connected to the broker [node: {}, broker: {}]", settings.node(), settings.brokerUrl());
        try {
            client.subscribe(new String[] {aclTopic, cmdTopic, authResponseTopic},
                    new int[] {Channel.QOS, Channel.QOS, Channel.QOS});
        } catch (MqttException e) {
            LOG.warn("subscribe failed [node: {}]: {}", settings.node(), e.getMessage());
        }
        publishStatus(listener.currentStatus());
        flush();
    }

    @Override
    public synchronized void flush() {
        if (client == null || !client.isConnected()) {
            return;
        }
        for (Outbox.Entry entry : outbox.pending(MAX_IN_FLIGHT)) {
            if (inFlight.size() >= MAX_IN_FLIGHT) {
                return;
            }
            if (!inFlight.add(entry.seq())) {
                continue;
            }
            try {
                client.publish(entry.topic(), entry.payload(), Channel.QOS, false, entry.seq(), null);
            } catch (MqttException e) {
                inFlight.remove(entry.seq());
                LOG.debug("publish deferred [node: {}, seq: {}]: {}", settings.node(), entry.seq(), e.getMessage());
                return;
            }
        }
    }

    private synchronized void acknowledged(long seq) {
        outbox.remove(seq);
        inFlight.remove(seq);
    }

    /**
     * Publishes the status retained; an {@code online} one is stamped with this connection's connect time, so the
     * gateway can tell this connection's Last Will from a late one of an earlier connection (docs/protocol.md §2.4).
     */
    @Override
    public void publishStatus(NodeStatus status) {
        MqttAsyncClient current = client;
        Instant connection = connectedAt;
        if (current == null || !current.isConnected()) {
            return;
        }
        NodeStatus stamped = status.state() == NodeState.ONLINE && connection != null
                ? status.onConnection(connection) : status;
        try {
            current.publish(statusTopic, signer.sign(stamped), Channel.QOS, true);
        } catch (MqttException e) {
            LOG.debug("status not published [node: {}]: {}", settings.node(), e.getMessage());
        }
    }

    @Override
    public boolean requestAuth(AuthRequest request) {
        MqttAsyncClient current = client;
        if (current == null || !current.isConnected()) {
            return false;
        }
        try {
            current.publish(request.topic().toString(), signer.sign(request), Channel.QOS, false);
            return true;
        } catch (MqttException e) {
            LOG.debug("auth request not published [node: {}, reqId: {}]: {}", settings.node(), request.reqId(),
                    e.getMessage());
            return false;
        }
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient current = client;
        return current != null && current.isConnected();
    }

    @Override
    public void close() {
        MqttAsyncClient current;
        boolean started;
        synchronized (this) {
            closed = true;
            current = client;
            started = connectStarted;
        }
        reconnects.shutdownNow();
        if (current == null) {
            return;
        }
        try {
            if (current.isConnected()) {
                drain();
                Instant now = clock.instant();
                current.publish(statusTopic, signer.sign(NodeStatus.offline(settings.lab(), settings.node(), now)),
                        Channel.QOS, true).waitForCompletion(QUIESCE_MILLIS);
                current.disconnect(QUIESCE_MILLIS).waitForCompletion(QUIESCE_MILLIS);
            }
        } catch (MqttException e) {
            LOG.warn("unclean disconnect [node: {}]: {}", settings.node(), e.getMessage());
        } finally {
            // before Paho is told to stop: stopped while its connect thread starts the client's threads, it keeps
            // that thread forever
            heldSockets.ifPresent(held -> held.release(Duration.ofMillis(QUIESCE_MILLIS)));
            closeQuietly(current, started);
        }
        LOG.info("disconnected [node: {}]", settings.node());
    }

    private void drain() {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (!outbox.pending(1).isEmpty() && System.nanoTime() < deadline && isConnected()) {
            flush();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Drops the connection, or the connect in flight (Paho refuses to close a client while it connects), and frees the
     * client's threads.
     *
     * @param connectStarted whether a connect was ever started; before that the client has no network to stop
     */
    private static void closeQuietly(MqttAsyncClient client, boolean connectStarted) {
        try {
            if (connectStarted) {
                client.disconnectForcibly(0, 0, false);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("closing the mqtt client: {}", e.getMessage());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            LOG.warn("connection to the broker lost, reconnecting [node: {}]: {}", settings.node(),
                    cause == null ? "no cause" : cause.getMessage());
            scheduleReconnect();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            byte[] payload = message.getPayload();
            if (payload.length == 0) {
                return; // a retained message being cleared
            }
            Inbound result = verifier.verify(topic, payload);
            if (result instanceof Inbound.Rejected rejected) {
                LOG.warn("inbound message rejected [node: {}, topic: {}, reason: {}]: {}", settings.node(), topic,
                        rejected.reason().wire(), rejected.detail());
                listener.inboundRejected();
            } else if (result instanceof Inbound.Accepted accepted) {
                if (accepted.message() instanceof AclSnapshot acl) {
                    listener.aclReceived(acl, new NodeMemory.StoredAcl(topic, payload));
                } else if (accepted.message() instanceof Command command) {
                    listener.commandReceived(command);
                } else if (accepted.message() instanceof AuthResponse response) {
                    listener.authAnswered(response);
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            if (token.getUserContext() instanceof Long seq) {
                acknowledged(seq);
                flush();
            }
        }
    }
}

package org.fablab.node.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.fablab.node.adapter.paho.PahoUplink;
import org.fablab.node.adapter.sqlite.SqliteNodeStore;
import org.fablab.node.domain.AccessDecision;
import org.fablab.node.domain.AccessPolicy;
import org.fablab.node.domain.BadgeHashes;
import org.fablab.node.domain.LiveAuth;
import org.fablab.node.domain.NodeAction;
import org.fablab.node.domain.NodeInput;
import org.fablab.node.domain.SessionMachine;
import org.fablab.node.domain.SessionSettings;
import org.fablab.node.port.BadgeReader;
import org.fablab.node.port.Interlock;
import org.fablab.node.port.NodeMemory;
import org.fablab.node.port.NodeStore;
import org.fablab.node.port.Outbox;
import org.fablab.node.port.PowerMeter;
import org.fablab.node.port.RawBadge;
import org.fablab.node.port.Uplink;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.AuthRequest;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.BouncyCastleEd25519;
import org.fablab.protocol.BrokerTransport;
import org.fablab.protocol.Command;
import org.fablab.protocol.CommandAction;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.Message;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Verifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running machine node: hardware ports, the {@link SessionMachine}, the store and the uplink, wired together.
 * Production nodes run on the SQLite store and the MQTT uplink; the store and uplink are collaborators, so the wiring
 * also runs on in-memory ones.
 *
 * <p>Threading: every input (badge reads, ticks, ACLs, commands) is handled on one node thread, so the
 * state machine needs no locks; {@link #state()} and the other getters may be called from any thread.
 * The relay is switched off at start, on close and whenever handling an input fails (the machine then
 * enters {@code fault}).
 */
public final class MachineNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MachineNode.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private final NodeConfig config;
    private final NodeHardware hardware;
    private final Clock clock;
    private final NodeStore store;
    private final Signer signer;
    private final CredentialHasher hasher;
    /** Present on a node of a lab in a network of labs (docs/network.md). */
    private final Optional<CredentialHasher> networkHasher;
    private final SessionMachine machine;
    private final LiveAuth liveAuth;
    private final Uplink uplink;
    private final ScheduledExecutorService loop;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong rejectedInbound = new AtomicLong();
    private volatile AccessPolicy policy = AccessPolicy.empty();
    private volatile MachineState state = MachineState.IDLE;

    private MachineNode(NodeConfig config, NodeHardware hardware, Clock clock, NodeStore store, Uplink uplink) {
        this.config = config;
        this.hardware = hardware;
        this.clock = clock;
        this.store = store;
        this.signer = signer(config);
        this.hasher = new CredentialHasher(config.labPepperBytes());
        this.networkHasher = config.networkPepperBytes().map(CredentialHasher::new);
        this.machine = new SessionMachine(new SessionSettings(config.gracePeriod(), config.maxSessionLength(),
                config.progressInterval(), NodeVersion.SOFTWARE, config.idleAutoOff(), config.toCheckAfterUse()),
                () -> UUID.randomUUID().toString());
        this.liveAuth = new LiveAuth(config.liveAuthTimeout(), config.alwaysAskLive());
        this.uplink = uplink;
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "node-" + config.node());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a node on its production collaborators: the SQLite store in the data folder and the MQTT uplink to the
     * configured broker. See {@link #start(NodeConfig, NodeHardware, Clock, NodeStore, Uplink)}.
     */
    public static MachineNode start(NodeConfig config, NodeHardware hardware, Clock clock) {
        if (BrokerTransport.isPlainOffLoopback(config.brokerUrl())) {
            LOG.warn("plain MQTT over the network, as brokerPlainOnNetwork allows: broker password and messages travel "
                    + "in clear [node: {}, broker: {}]", config.node(), config.brokerUrl());
        }
        SqliteNodeStore store = SqliteNodeStore.open(config.dataDir().resolve("node.db"));
        Uplink uplink;
        try {
            uplink = new PahoUplink(new PahoUplink.Settings(config.brokerUrl(), config.brokerUsername(),
                    config.brokerPassword(), config.lab(), config.node(), DRAIN_TIMEOUT,
                    Optional.ofNullable(config.brokerCaFile())), signer(config),
                    Ed25519Keys.publicKey(config.gatewayPublicKey()), store, clock);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return start(config, hardware, clock, store, uplink);
    }

    /**
     * Starts a node: relay off, interrupted sessions closed, {@code node.booted} recorded, then the reader and the
     * (asynchronous, retried) uplink started. Returns once booted; the node works offline until the uplink connects.
     * The node owns {@code store} and {@code uplink} from then on and closes them when it stops; {@code uplink} must
     * publish from {@code store}'s outbox.
     */
    public static MachineNode start(NodeConfig config, NodeHardware hardware, Clock clock, NodeStore store,
                                    Uplink uplink) {
        hardware.relay().setOn(false);
        MachineNode node = new MachineNode(config, hardware, clock, store, uplink);
        try {
            node.boot();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** The node's signer: Bouncy Castle's Ed25519, the same bytes as the JDK's in a fraction of the time. */
    private static Signer signer(NodeConfig config) {
        return new Signer(Ed25519Keys.privateKey(config.nodePrivateKey()), new BouncyCastleEd25519());
    }

    private void boot() {
        loadAcl();
        runOnLoop(() -> {
            apply(new NodeInput.Booted(clock.instant(), store.adminState(), store.openSessions()));
            senseInterlocks();
        });
        for (Interlock interlock : hardware.interlocks()) {
            interlock.onChange(() -> submit(this::senseInterlocks));
        }
        hardware.reader().start(new BadgeReader.Listener() {
            @Override
            public void presented(RawBadge badge) {
                submit(() -> badge(badge, true));
            }

            @Override
            public void removed(RawBadge badge) {
                submit(() -> badge(badge, false));
            }
        });
        uplink.start(new UplinkListener());
        long tickMillis = tickPeriod().toMillis();
        loop.scheduleAtFixedRate(() -> guarded(this::tick), tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        LOG.info("node started [lab: {}, node: {}, state: {}, software: {}]", config.lab(), config.node(),
                state.wire(), NodeVersion.SOFTWARE);
    }

    /** The machine's current state. */
    public MachineState state() {
        return state;
    }

    /**
     * Records material used on the machine (from a keypad or a prompt), linked to the session running now if any, as
     * a signed {@code consumable.recorded} event in the outbox; the gateway charges it to the session's member.
     *
     * @param item     the lab's catalogue id, e.g. {@code pla}
     * @param quantity whole units, &gt; 0
     * @param unit     e.g. {@code g}, {@code sheet}
     */
    public void recordConsumable(String item, long quantity, String unit) {
        EventData.ConsumableRecorded used = new EventData.ConsumableRecorded(null, item, quantity, unit);
        runOnLoop(() -> {
            record(new NodeAction.Emit(new EventData.ConsumableRecorded(machine.currentSessionId().orElse(null),
                    used.item(), used.quantity(), used.unit())));
            uplink.flush();
        });
    }

    /** {@code ts} of the ACL snapshot in use, if any. */
    public Optional<Instant> aclIssuedAt() {
        return policy.acl().map(AclSnapshot::ts);
    }

    /** Version of the ACL snapshot in use, if any. */
    public Optional<Long> aclVersion() {
        return policy.acl().map(AclSnapshot::version);
    }

    /** True when the node thread runs a no-op within {@code timeout}: it is not stuck. */
    public boolean responsive(Duration timeout) {
        if (closed.get()) {
            return false;
        }
        try {
            loop.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            return false;
        }
    }

    public boolean isConnected() {
        return uplink.isConnected();
    }

    /** Inbound messages dropped because they failed verification (bad signature, wrong topic, too old, ...). */
    public long rejectedInboundMessages() {
        return rejectedInbound.get();
    }

    /**
     * Stops the node: ends a running session (power off, {@code session.ended} with reason {@code power-loss}),
     * gives the outbox a moment to drain, publishes the offline status, disconnects and closes the hardware
     * (relay off). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            hardware.reader().close();
            if (!loop.isShutdown()) {
                runOnLoop(() -> apply(new NodeInput.Shutdown(clock.instant())));
            }
        } catch (RuntimeException e) {
            LOG.error("clean shutdown failed [node: {}]", config.node(), e);
        } finally {
            loop.shutdownNow();
            uplink.close();
            store.close();
            hardware.relay().setOn(false);
            hardware.close();
            LOG.info("node stopped [node: {}]", config.node());
        }
    }

    private void loadAcl() {
        Optional<NodeMemory.StoredAcl> stored = store.loadAcl();
        if (stored.isEmpty()) {
            LOG.info("no cached acl, badges are denied until one arrives [node: {}]", config.node());
            return;
        }
        Verifier verifier = new Verifier(topic -> topic.node().equals(config.node())
                ? Optional.of(Ed25519Keys.publicKey(config.gatewayPublicKey())) : Optional.empty(),
                clock, Verifier.Limits.DEFAULT, new BouncyCastleEd25519());
        Inbound result = verifier.verify(stored.get().topic(), stored.get().payload());
        if (result instanceof Inbound.Accepted accepted && accepted.message() instanceof AclSnapshot acl
                && acl.lab().equals(config.lab())) {
            policy = AccessPolicy.of(acl);
            LOG.info("cached acl loaded [node: {}, version: {}, issued: {}]", config.node(), acl.version(), acl.ts());
        } else {
            LOG.warn("cached acl failed verification and is ignored [node: {}]: {}", config.node(), result);
        }
    }

    private Duration tickPeriod() {
        Duration shortest = config.progressInterval();
        if (!config.gracePeriod().isZero() && config.gracePeriod().compareTo(shortest) < 0) {
            shortest = config.gracePeriod();
        }
        long millis = Math.max(20, Math.min(1000, shortest.toMillis() / 5));
        return Duration.ofMillis(millis);
    }

    /** Feeds the sensors' current readings, then the time. */
    private void tick() {
        senseInterlocks();
        Instant now = clock.instant();
        Optional<PowerMeter> meter = hardware.powerMeter();
        if (meter.isPresent()) {
            PowerMeter.Sample sample = meter.get().sample();
            apply(new NodeInput.PowerSampled(sample.running(), sample.watts(), now));
        }
        Optional<Boolean> relay = hardware.relay().sensedOn();
        if (relay.isPresent()) {
            apply(new NodeInput.RelaySensed(relay.get(), now));
        }
        apply(new NodeInput.Tick(now));
        expireAsks();
    }

    /** Lets the cached ACL decide the badges whose live answer did not come in time. */
    private void expireAsks() {
        Instant now = clock.instant();
        for (LiveAuth.Settled settled : liveAuth.expired(now)) {
            LOG.info("no live answer in time, the cached acl decides [node: {}, credential: {}]", config.node(),
                    settled.credential().hash().substring(0, 8));
            decided(settled.credential(), settled.networkHash(), settled.decision(), now);
        }
    }

    /** Feeds every interlock's level; the machine ignores levels it already knows. */
    private void senseInterlocks() {
        for (Interlock interlock : hardware.interlocks()) {
            apply(new NodeInput.InterlockSensed(interlock.name(), interlock.effect(), interlock.isClosed(),
                    clock.instant()));
        }
    }

    private void badge(RawBadge raw, boolean presented) {
        BadgeHashes hashes;
        try {
            CredentialId id = CredentialId.of(raw.type(), raw.id());
            hashes = new BadgeHashes(hasher.hash(id, raw.authenticated()),
                    networkHasher.map(network -> network.hash(id, raw.authenticated())).orElse(null));
        } catch (IllegalArgumentException e) {
            LOG.warn("unusable badge read ignored [node: {}, type: {}]: {}", config.node(), raw.type(), e.getMessage());
            return;
        }
        CredentialRef credential = hashes.chosen(policy);
        String networkHash = hashes.networkHash().orElse(null);
        Instant now = clock.instant();
        if (!presented) {
            apply(new NodeInput.BadgeRemoved(credential, now));
            return;
        }
        String reqId = UUID.randomUUID().toString();
        LiveAuth.Step step = liveAuth.badge(credential, networkHash, policy.decide(credential, now),
                uplink.isConnected(), now, reqId);
        if (step instanceof LiveAuth.Decide decide) {
            decided(credential, networkHash, decide.decision(), now);
        } else if (step instanceof LiveAuth.Ask ask) {
            AuthRequest request = new AuthRequest(Message.VERSION, config.lab(), config.node(), now, store.nextSeq(),
                    UUID.randomUUID().toString(), ask.reqId(), credential, networkHash);
            if (uplink.requestAuth(request)) {
                // The tick may be up to a second apart; the deadline gets its own wake-up.
                loop.schedule(() -> guarded(this::expireAsks), config.liveAuthTimeout().toMillis() + 1,
                        TimeUnit.MILLISECONDS);
                LOG.info("badge read, asking the gateway [node: {}, credential: {}, reqId: {}]", config.node(),
                        credential.hash().substring(0, 8), ask.reqId());
            } else {
                liveAuth.unsent(ask.reqId()).ifPresent(settled -> decided(credential, networkHash,
                        settled.decision(), now));
            }
        } else if (step instanceof LiveAuth.Waiting waiting) {
            LOG.debug("badge read again while its live answer is awaited [node: {}, reqId: {}]", config.node(),
                    waiting.reqId());
        }
    }

    private void decided(CredentialRef credential, String networkHash, AccessDecision decision, Instant now) {
        LOG.info("badge read [node: {}, credential: {}, decision: {}]", config.node(),
                credential.hash().substring(0, 8), decision instanceof AccessDecision.Denied denied
                        ? "denied " + denied.reason() : "granted " + ((AccessDecision.Granted) decision).memberId()
                        + (((AccessDecision.Granted) decision).live() ? " (live)" : ""));
        apply(new NodeInput.BadgeRead(credential, decision, now, networkHash));
    }

    private void authAnswered(AuthResponse response) {
        Instant now = clock.instant();
        liveAuth.answered(response, now).ifPresentOrElse(settled -> decided(settled.credential(),
                settled.networkHash(), settled.decision(), now),
                () -> LOG.info("auth response matches no waiting request, ignored [node: {}, reqId: {}]",
                        config.node(), response.reqId()));
    }

    private void apply(NodeInput input) {
        MachineState before = state;
        List<NodeAction> actions = machine.handle(input);
        boolean emitted = false;
        for (NodeAction action : actions) {
            if (action instanceof NodeAction.SwitchPower power) {
                hardware.relay().setOn(power.on());
            } else if (action instanceof NodeAction.Emit emit) {
                record(emit);
                emitted = true;
            } else if (action instanceof NodeAction.Indicate indicate) {
                hardware.indicator().show(indicate.signal());
            }
        }
        state = machine.state();
        if (emitted) {
            uplink.flush();
        }
        if (state != before) {
            LOG.info("machine state changed [node: {}, from: {}, to: {}]", config.node(), before.wire(), state.wire());
            uplink.publishStatus(currentStatus());
        }
    }

    private void record(NodeAction.Emit emit) {
        Outbox.Entry entry = store.append(seq -> {
            NodeEvent event = NodeEvent.of(config.lab(), config.node(), clock.instant(), seq,
                    UUID.randomUUID().toString(), emit.data());
            return new Outbox.Sealed(event, signer.sign(event));
        });
        LOG.debug("event recorded [node: {}, seq: {}, type: {}]", config.node(), entry.seq(), emit.data().type());
    }

    private NodeStatus currentStatus() {
        return NodeStatus.online(config.lab(), config.node(), clock.instant(), state,
                aclIssuedAt().orElse(null), NodeVersion.SOFTWARE);
    }

    private void submit(Runnable task) {
        if (!closed.get()) {
            loop.execute(() -> guarded(task));
        }
    }

    private void runOnLoop(Runnable task) {
        try {
            loop.submit(task).get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the node thread", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the node thread did not answer within " + STEP_TIMEOUT, e);
        }
    }

    /** Runs a step; on failure cuts power first, then tries to record the fault. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            hardware.relay().setOn(false);
            LOG.error("node step failed, power cut [node: {}]", config.node(), e);
            try {
                apply(new NodeInput.FaultDetected("internal-error", clock.instant()));
            } catch (RuntimeException again) {
                LOG.error("cannot record the fault [node: {}]", config.node(), again);
            }
        }
    }

    private void acl(AclSnapshot acl, NodeMemory.StoredAcl payload) {
        AccessPolicy current = policy;
        if (!current.isReplacedBy(acl)) {
            LOG.debug("acl not newer, kept the current one [node: {}, version: {}]", config.node(), acl.version());
            return;
        }
        store.saveAcl(payload);
        policy = AccessPolicy.of(acl);
        liveAuth.forgetAnswers();
        LOG.info("acl accepted [node: {}, version: {}, entries: {}, policy: {}]", config.node(), acl.version(),
                acl.entries().size(), acl.policy().wire());
        uplink.publishStatus(currentStatus());
    }

    private void command(Command command) {
        if (!store.firstTimeCommand(command.id())) {
            LOG.info("command already executed, ignored [node: {}, id: {}]", config.node(), command.id());
            return;
        }
        LOG.info("command received [node: {}, action: {}, id: {}]", config.node(), command.action().wire(),
                command.id());
        apply(new NodeInput.CommandReceived(command, clock.instant()));
        if (command.action() == CommandAction.RESYNC) {
            uplink.publishStatus(currentStatus());
            uplink.flush();
        }
    }

    private final class UplinkListener implements Uplink.Listener {
        @Override
        public NodeStatus currentStatus() {
            return MachineNode.this.currentStatus();
        }

        @Override
        public void aclReceived(AclSnapshot acl, NodeMemory.StoredAcl payload) {
            submit(() -> acl(acl, payload));
        }

        @Override
        public void commandReceived(Command command) {
            submit(() -> command(command));
        }

        @Override
        public void authAnswered(AuthResponse response) {
            submit(() -> MachineNode.this.authAnswered(response));
        }

        @Override
        public void inboundRejected() {
            rejectedInbound.incrementAndGet();
        }
    }
}

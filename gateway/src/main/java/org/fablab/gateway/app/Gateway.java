package org.fablab.gateway.app;

import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.fablab.gateway.adapter.concurrent.ThreadScheduler;
import org.fablab.gateway.adapter.crypto.Argon2idPasswords;
import org.fablab.gateway.adapter.http.HttpApi;
import org.fablab.gateway.adapter.http.LiveUpdates;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.adapter.jdbc.JdbcAccountStore;
import org.fablab.gateway.adapter.jdbc.JdbcAclVersions;
import org.fablab.gateway.adapter.jdbc.JdbcAuditLog;
import org.fablab.gateway.adapter.jdbc.JdbcBillingStores;
import org.fablab.gateway.adapter.jdbc.JdbcBrokerUsers;
import org.fablab.gateway.adapter.jdbc.JdbcEventStore;
import org.fablab.gateway.adapter.jdbc.JdbcExports;
import org.fablab.gateway.adapter.jdbc.JdbcFailureLog;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.adapter.jdbc.JdbcMemberStore;
import org.fablab.gateway.adapter.jdbc.JdbcPartnerStore;
import org.fablab.gateway.adapter.jdbc.JdbcPublishedAcls;
import org.fablab.gateway.adapter.jdbc.JdbcRegistryStore;
import org.fablab.gateway.adapter.jdbc.JdbcUsageTagStore;
import org.fablab.gateway.adapter.jdbc.JdbcVisitStore;
import org.fablab.gateway.adapter.jdbc.SqliteBackup;
import org.fablab.gateway.adapter.mail.SmtpMailer;
import org.fablab.gateway.adapter.mqtt.BrokerSecurity;
import org.fablab.gateway.adapter.mqtt.DynsecBrokerAccounts;
import org.fablab.gateway.adapter.mqtt.EmbeddedBroker;
import org.fablab.gateway.adapter.mqtt.EmbeddedBrokerAccounts;
import org.fablab.gateway.adapter.mqtt.EmbeddedTlsListener;
import org.fablab.gateway.adapter.mqtt.PahoGatewayLink;
import org.fablab.gateway.adapter.mqtt.UnmanagedBrokerAccounts;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.domain.BoardRedaction;
import org.fablab.gateway.domain.LiveBoard;
import org.fablab.gateway.domain.auth.LoginThrottle;
import org.fablab.gateway.ingest.AuthResponder;
import org.fablab.gateway.ingest.AuthStats;
import org.fablab.gateway.ingest.IngestPipeline;
import org.fablab.gateway.ingest.IngestStats;
import org.fablab.gateway.network.Partner;
import org.fablab.gateway.port.AccountStore;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.EventStore;
import org.fablab.gateway.port.FailureLog;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.LabDirectory;
import org.fablab.gateway.port.Mailer;
import org.fablab.gateway.port.Scheduler;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.AccountService;
import org.fablab.gateway.service.AttemptThrottle;
import org.fablab.gateway.service.AuthService;
import org.fablab.gateway.service.BillingServices;
import org.fablab.gateway.service.ExportService;
import org.fablab.gateway.service.LedgerAudit;
import org.fablab.gateway.service.MemberService;
import org.fablab.gateway.service.NetworkService;
import org.fablab.gateway.service.NetworkSettlements;
import org.fablab.gateway.service.NodeRegistry;
import org.fablab.gateway.service.UsageTagService;
import org.fablab.gateway.service.VisitReceipts;
import org.fablab.protocol.BouncyCastleEd25519;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Verifier;
import org.fablab.protocol.network.NetworkVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: database, broker (when embedded) and its users, ingestion, MQTT link, ACL publishing and the
 * HTTP API, started in dependency order and closed in reverse. Closing drains ingestion before the
 * database closes, so a shutdown never leaves half-written data.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final GatewayConfig config;
    private final Clock clock;
    private static final int LOGIN_FAILURES_PER_USERNAME = 5;
    private static final int LOGIN_FAILURES_PER_ADDRESS = 20;
    private static final Duration LOGIN_WINDOW = Duration.ofMinutes(15);

    private LabDirectory directory;
    private EventStore store;
    private AccountStore accounts;
    private FailureLog failures;
    private AuthService auth;
    private IngestStats stats;
    private NodeKeyRing keyRing;
    private AccessService access;
    private HttpApi http;
    private BillingServices billing;
    private LedgerAudit ledgerCheck;
    private NetworkSettlements settlements;
    private Vertx vertx;
    private BrokerAccounts brokerAccounts;
    private NodeRegistry registry;

    private Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts everything; on failure closes what had started and rethrows.
     *
     * @param seed runs once the database is open, before anything reads the directory (the demo seeds its lab;
     *             accounts are created after start, through {@link #auth()} or, for the demo, {@link #accounts()})
     */
    public static Gateway start(GatewayConfig config, Clock clock, Consumer<LabDirectory> seed) {
        Gateway gateway = new Gateway(config, clock);
        try {
            gateway.startAll(seed);
            return gateway;
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        } catch (Exception e) {
            gateway.close();
            throw new IllegalStateException("gateway start failed: " + e.getMessage(), e);
        }
    }

    private void startAll(Consumer<LabDirectory> seed) throws Exception {
        PrivateKey signingKey = Secrets.gatewayKey(config.keys());
        byte[] labPepper = Secrets.labPepper(config.keys());
        if (config.mqtt().plainOnNetwork()) {
            LOG.warn("mqtt.plainOnNetwork is set: plain MQTT may leave this machine, broker passwords and messages "
                    + "in clear; for an isolated network only (docs/tls.md)");
        }
        if (config.mqtt().mode() == GatewayConfig.MqttMode.EMBEDDED) {
            resources.push(DataFolderLock.acquire(config.mqtt().dataDir(), "mqtt.dataDir"));
        }
        Optional<Path> sqliteStore = SqliteBackup.databaseFile(config.store().url());
        if (sqliteStore.isPresent()) {
            resources.push(DataFolderLock.acquireSqliteStore(sqliteStore.get()));
        }
        Database database = Database.open(config.store().url(), config.store().username(), config.store().password(),
                config.store().poolSize());
        resources.push(database);
        if (config.mqtt().mode() == GatewayConfig.MqttMode.EXTERNAL) {
            // two instances with one client id would take the broker session from each other (docs/deployment.md)
            resources.push(database.claimClientId(config.mqtt().clientId()));
        }
        // exports, reports, the audit CSV and the ledger check read on connections of their own, as many as run at
        // once: a long one never takes a connection ingestion, charging or a login waits for
        Database longJobs = database.sidePool("fablab-long-jobs", HttpApi.LONG_JOB_WORKERS);
        resources.push(longJobs);
        // the periodic singleton jobs run on one of the gateway instances sharing the database (docs/architecture.md)
        JobLease jobs = database.jobLease();
        resources.push(jobs);
        // what instances keep in memory (balances, node modes, the facts of live decisions) follows the others'
        // changes (docs/architecture.md)
        ChangeFeed changes = database.changeFeed();
        resources.push(changes);
        PahoGatewayLink.Settings linkSettings = startBrokerAccounts(database);
        directory = new JdbcLabDirectory(database.dataSource(), clock);
        store = new JdbcEventStore(database.dataSource());
        accounts = new JdbcAccountStore(database.dataSource());
        // refused attempts are counted in the database, so they add up over every instance sharing it
        failures = new JdbcFailureLog(database.dataSource());
        auth = new AuthService(accounts, new Argon2idPasswords(), new AttemptThrottle(failures, "login",
                new LoginThrottle(LOGIN_FAILURES_PER_USERNAME, LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW), clock), clock);
        seed.accept(directory);
        keyRing = new NodeKeyRing();
        keyRing.replace(directory.nodes());

        vertx = Vertx.vertx();
        resources.push(() -> vertx.close().await());
        BoardRedaction redaction = new BoardRedaction(config.board().publicName());
        BoardPublisher board = new BoardPublisher(
                LiveBoard.of(directory.machines(), directory.nodes(), store.openSessions()),
                new LiveUpdates(vertx.eventBus(), redaction));
        // other instances' board and registry changes are read and applied here, off the feed's thread
        Scheduler boardWork = new ThreadScheduler("fablab-board", clock);
        resources.push(boardWork);
        BoardSharing boardSharing = new BoardSharing(board, store, changes, boardWork);
        changes.subscribe(boardSharing::changedElsewhere);

        stats = new IngestStats();
        Verifier verifier = new Verifier(keyRing, clock, new Verifier.Limits(
                Verifier.Limits.DEFAULT.maxPayloadBytes(), Verifier.Limits.DEFAULT.maxAclPayloadBytes(),
                config.ingest().maxFutureSkew(), Verifier.Limits.DEFAULT.maxCommandAge()), new BouncyCastleEd25519());
        PahoGatewayLink link = new PahoGatewayLink(linkSettings);
        resources.push(link);
        Signer signer = new Signer(signingKey, new BouncyCastleEd25519());
        // made before anything that rebuilds ACLs exists: billing and access may ask for a rebuild from their threads
        AclPublisher acls = new AclPublisher(config.lab(), signer, link::publish, new JdbcAclVersions(database),
                clock);
        // billing may signal a balance change from its thread before the access service exists: kept until wired
        AccessChangeRelay accessChanges = new AccessChangeRelay();
        billing = BillingServices.start(JdbcBillingStores.over(database.dataSource(), clock, config.zone()), clock,
                config.zone(), config.billing().currency(),
                config.billing().invoiceIssuer(config.lab()), accessChanges, jobs, changes);
        resources.push(billing);
        ledgerCheck = LedgerCommand.audit(longJobs.dataSource(), clock);
        JdbcPublishedAcls publishedAcls = new JdbcPublishedAcls(database);
        JdbcAccessStore accessStore = new JdbcAccessStore(database.dataSource());
        access = new AccessService(accessStore, directory,
                new CredentialHasher(labPepper), clock, config.zone(), acls, billing.charging(), jobs,
                publishedAcls);
        resources.push(access);
        access.sendCommandsTo(config.lab(), command -> link.publish(command.topic(), signer.sign(command)));
        access.shareChangesThrough(changes);
        RegistryEffects registryEffects = new RegistryEffects(config.lab(), directory, keyRing, board, access, link,
                changes, boardWork);
        changes.subscribe(registryEffects::changedElsewhere);
        registry = new NodeRegistry(new JdbcRegistryStore(database.dataSource()), brokerAccounts, registryEffects,
                clock);
        IngestFanout fanout = new IngestFanout(List.of(board, boardSharing, new AccessEvents(access),
                new BillingEvents(billing.charging()), new RegistryEvents(registry)));
        IngestPipeline pipeline = new IngestPipeline(verifier, store, clock, config.ingest().batchSize(),
                config.ingest().queueCapacity(), fanout, stats, new IngestPipeline.SecurityLog(
                config.ingest().securityLogFullPerMinute(), config.ingest().securityLogRetention()));
        AuthStats authStats = new AuthStats();
        AuthResponder responder = new AuthResponder(verifier, access, signer, link::send, pipeline::refuse, authStats,
                clock);
        resources.push(responder);
        resources.push(pipeline);
        Optional<byte[]> networkPepper = Secrets.networkPepper(config.network());
        Scheduler networkWork = new ThreadScheduler("fablab-network", clock);
        resources.push(networkWork);
        JdbcPartnerStore partners = new JdbcPartnerStore(database.dataSource());
        NetworkService network = new NetworkService(config.lab(), Secrets.publicKeyOf(signingKey), partners,
                accessStore, networkPepper.map(CredentialHasher::new), passes -> {
                    try {
                        link.publish(passes.topic(), signer.sign(passes));
                    } catch (MqttException e) {
                        throw new IllegalStateException("broker did not take the pass list: " + e.getMessage(), e);
                    }
                }, access::accessChangedHere, networkWork, publishedAcls, clock, config.zone(),
                config.network().passValidity());
        JdbcVisitStore visits = new JdbcVisitStore(database.dataSource());
        VisitReceipts.BodySink toPartners = (topic, body) -> {
            try {
                link.publish(topic, signer.envelope(topic.toString(), body));
            } catch (MqttException e) {
                throw new IllegalStateException("broker did not take the message to " + topic.to() + ": "
                        + e.getMessage(), e);
            }
        };
        settlements = new NetworkSettlements(config.lab(), visits, partners, toPartners, networkWork, clock);
        VisitReceipts receipts = new VisitReceipts(config.lab(), visits, toPartners, billing.charging()::chargeSoon,
                settlements::settleSoon, config.network().visits(), config.billing().currency(), networkWork, clock,
                config.zone());
        NetworkLink networkLink = new NetworkLink(new NetworkVerifier(config.lab(),
                lab -> partners.partner(lab).map(Partner::key), clock), network, receipts, settlements, pipeline,
                networkWork);
        link.connect(pipeline, responder::submit, networkPepper.map(pepper -> networkLink::arrived));

        // wired once the link is up, so that a change kept from start-up is published, not failed and retried
        accessChanges.wire(access::accessChanged);
        access.publishAllNow();
        access.onAccessChanged(network::passesMayHaveChanged);
        network.onPartnerAdded(link::resubscribeNetwork);
        network.passesMayHaveChanged();
        if (networkPepper.isPresent()) {
            billing.charging().onCharged(receipts::receiptsMayBeDue);
            receipts.start();
            billing.periods().onClosed(settlements::settleSoon);
            settlements.start();
        }
        billing.charging().chargeSoon();

        http = new HttpApi(config.http().host(), config.http().port(), pemKeyCert(config.http().tls()),
                config.http().proxies(), new HttpApi.Services(board::machines, store, auth,
                new MemberService(new JdbcMemberStore(database.dataSource()), clock, access::accessChangedHere), access,
                billing, ledgerCheck, config.zone(),
                new JdbcAuditLog(database.dataSource()), new JdbcAuditLog(longJobs.dataSource()), List.of(
                new HttpApi.HealthCheck("database", store::isHealthy),
                new HttpApi.HealthCheck("mqtt", link::isConnected),
                new HttpApi.HealthCheck("ingestion", pipeline::isRunning)),
                () -> PrometheusText.render(stats, pipeline::queued, authStats),
                new ExportService(new JdbcExports(longJobs.dataSource(), config.zone()), Journal.Accounts.DEFAULT, clock),
                redaction, Enrollments.service(config, database, registry, brokerAccounts, clock), registry,
                Reports.service(config, longJobs.dataSource(), clock),
                new UsageTagService(new JdbcUsageTagStore(database.dataSource()), clock),
                accountService(), network, settlements));
        vertx.deployVerticle(http).await();
        LOG.info("gateway started [lab: {}, http: {}://{}:{}, mqtt: {}]", config.lab(), config.http().scheme(),
                config.http().host(), http.actualPort(), config.mqtt().effectiveUrl());
    }

    private AccountService accountService() {
        GatewayConfig.Mail mail = config.mail();
        Optional<Mailer> mailer = Optional.empty();
        if (mail.enabled()) {
            mailer = Optional.of(new SmtpMailer(new SmtpMailer.Settings(mail.host(), mail.port(),
                    SmtpMailer.Security.valueOf(mail.tls().name()), mail.username(), mail.password(), mail.from()), clock));
            LOG.info("mail on [server: {}:{}, tls: {}, from: {}]", mail.host(), mail.port(), mail.tls().wire(),
                    mail.from());
        } else {
            LOG.info("mail off (mail.host empty): invitation and reset links are shown to the admin");
        }
        return new AccountService(accounts, new Argon2idPasswords(), mailer, mail.publicUrl(), failures,
                clock, new SecureRandom());
    }

    private static Optional<EmbeddedTlsListener> embeddedTls(GatewayConfig.EmbeddedTls tls) {
        return tls.files().enabled() ? Optional.of(new EmbeddedTlsListener(tls.host(), tls.port(), tls.certificateFile(),
                tls.keyFile())) : Optional.empty();
    }

    private static Optional<KeyCertOptions> pemKeyCert(GatewayConfig.Tls tls) {
        return tls.enabled() ? Optional.of(new PemKeyCertOptions().setCertPath(tls.certificateFile().toString())
                .setKeyPath(tls.keyFile().toString())) : Optional.empty();
    }

    /**
     * Starts the embedded broker with its users, or connects to the external broker's user administration; returns
     * how the gateway's own MQTT link logs in (on the embedded broker: a random password of this process).
     */
    private PahoGatewayLink.Settings startBrokerAccounts(Database database) {
        GatewayConfig.Mqtt mqtt = config.mqtt();
        if (mqtt.mode() == GatewayConfig.MqttMode.EMBEDDED) {
            JdbcBrokerUsers users = new JdbcBrokerUsers(database.dataSource());
            BrokerSecurity.GatewayLogin login = BrokerSecurity.GatewayLogin.random(
                    mqtt.credentialsUser().orElse(mqtt.clientId()), mqtt.clientId());
            Argon2idPasswords hasher = new Argon2idPasswords();
            BrokerSecurity security = new BrokerSecurity(config.lab(), login, mqtt.sharedGroupIfSet(), hasher,
                    users.all());
            EmbeddedBroker broker = EmbeddedBroker.start(mqtt.embeddedHost(), mqtt.embeddedPort(), mqtt.dataDir(),
                    security, embeddedTls(mqtt.embeddedTls()));
            resources.push(broker);
            brokerAccounts = new EmbeddedBrokerAccounts(users, security, broker, hasher, clock);
            return new PahoGatewayLink.Settings(mqtt.effectiveUrl(), mqtt.clientId(), Optional.of(login.username()),
                    login.password(), config.lab(), mqtt.sharedGroupIfSet());
        }
        if (mqtt.brokerAdmin() == GatewayConfig.BrokerAdmin.DYNSEC) {
            DynsecBrokerAccounts dynsec = DynsecBrokerAccounts.connect(new DynsecBrokerAccounts.Settings(mqtt.url(),
                    mqtt.clientId() + "-admin", mqtt.adminUsername(), mqtt.adminPassword(), config.lab(),
                    mqtt.caFileIfSet()));
            resources.push(dynsec);
            brokerAccounts = dynsec;
        } else {
            brokerAccounts = new UnmanagedBrokerAccounts();
        }
        return new PahoGatewayLink.Settings(mqtt.url(), mqtt.clientId(), mqtt.credentialsUser(), mqtt.password(),
                config.lab(), mqtt.sharedGroupIfSet(), mqtt.caFileIfSet());
    }

    /**
     * The node users of the broker the gateway uses: the embedded broker's, an external Mosquitto's through Dynamic
     * Security, or (with {@code mqtt.brokerAdmin: none}) a stand-in that only logs what the installer must do.
     */
    public BrokerAccounts brokerAccounts() {
        return brokerAccounts;
    }

    /** The machines and nodes an admin manages; also the {@link org.fablab.gateway.port.NodeActivation} of enrollment. */
    public NodeRegistry registry() {
        return registry;
    }

    public LabDirectory directory() {
        return directory;
    }

    public AccessService access() {
        return access;
    }

    public BillingServices billing() {
        return billing;
    }

    /** The whole-ledger verification, on the long jobs' connections. */
    public LedgerAudit ledgerCheck() {
        return ledgerCheck;
    }

    /** The monthly settlements with partner labs. */
    public NetworkSettlements settlements() {
        return settlements;
    }

    public AuthService auth() {
        return auth;
    }

    /**
     * The accounts as stored, below {@link AuthService}'s password rule: for the demo, whose published logins have
     * a short password. Production accounts are made through {@link #auth()}.
     */
    public AccountStore accounts() {
        return accounts;
    }

    public EventStore store() {
        return store;
    }

    public IngestStats stats() {
        return stats;
    }

    public int httpPort() {
        return http.actualPort();
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
        LOG.info("gateway stopped");
    }
}

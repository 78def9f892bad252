package org.fablab.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.fablab.gateway.adapter.concurrent.ThreadScheduler;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.adapter.jdbc.JdbcBillingStores;
import org.fablab.gateway.adapter.jdbc.JdbcEventStore;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.adapter.jdbc.JdbcMemberStore;
import org.fablab.gateway.adapter.jdbc.JdbcUsageTagStore;
import org.fablab.gateway.app.GatewayConfig;
import org.fablab.gateway.billing.ConsumableRecord;
import org.fablab.gateway.billing.PaymentMethod;
import org.fablab.gateway.domain.BadgeRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.UsageTag;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.EventStore;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.MemberStore;
import org.fablab.gateway.port.PublishedAcls;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.BillingServices;
import org.fablab.gateway.service.MemberService;
import org.fablab.gateway.service.UsageTagService;
import org.fablab.node.adapter.sqlite.SqliteNodeStore;
import org.fablab.protocol.BouncyCastleEd25519;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Verifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link DemoHistory}'s year into a fresh demo database, before the gateway starts, through the gateway's own
 * services and stores driven by a clock set to each moment in turn: members through the directory, groups through
 * the member service, trainings through the access service (a peer trainer's grant passes its trainer check), prices
 * through the tariff service, node events signed with each node's key, checked by the protocol's verifier and stored
 * by the event store, sheets recorded and payments taken by the ledger service, and every charge made by the charging
 * engine's catch-up. So the ledger's hash chain, the statements and the report read it as they would a lab's own.
 *
 * <p>The node events take their {@code seq} from each demo node's own store, which then goes on above them: the live
 * nodes' later events never collide with the past ones.
 */
final class DemoHistoryWriter {
    private static final Logger LOG = LoggerFactory.getLogger(DemoHistoryWriter.class);
    private static final Principal ADMIN = new Principal("demo", Role.ADMIN, null, "demo");
    private static final Principal FABMANAGER = new Principal("fabmanager", Role.FABMANAGER, "m-bruno", "Bruno Lefèvre");
    private static final Principal TREASURER = new Principal("treasurer", Role.TREASURER, "m-emma", "Emma Rossi");

    /** What was written, for the log and for tests. */
    record Written(int members, int sessions, int events, Duration took) {
    }

    private final DemoHistory.Plan plan;
    private final GatewayConfig config;
    private final DemoKeys keys;
    private final Path dataDir;
    private final Map<String, Duration> maxStaleness;
    private final MovableClock clock;
    private final CredentialHasher hasher;
    private final Verifier verifier;
    private final Map<String, Signer> signers;
    private final List<EventStore.AcceptedEvent> pending = new ArrayList<>();
    private int sessions;
    private int events;

    private DemoHistoryWriter(DemoHistory.Plan plan, GatewayConfig config, DemoKeys keys, Path dataDir,
                              Map<String, Duration> maxStaleness) {
        this.plan = plan;
        this.config = config;
        this.keys = keys;
        this.dataDir = dataDir;
        this.maxStaleness = maxStaleness;
        this.clock = new MovableClock(plan.first().atTime(LocalTime.of(9, 0)).atZone(config.zone()).toInstant());
        this.hasher = new CredentialHasher(HexFormat.of().parseHex(keys.labPepper()));
        this.verifier = new Verifier(topic -> Optional.ofNullable(keys.nodes().get(topic.node()))
                .map(node -> Ed25519Keys.publicKey(node.publicKey())), clock, Verifier.Limits.DEFAULT,
                new BouncyCastleEd25519());
        this.signers = keys.nodes().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new Signer(Ed25519Keys.privateKey(e.getValue().privateKey()), new BouncyCastleEd25519())));
    }

    /**
     * Writes the year ending yesterday when the database has no member yet; does nothing on a demo that already ran,
     * so a restart never writes it twice.
     *
     * @return what was written, empty when the database was not fresh
     */
    static Optional<Written> writeIfFresh(GatewayConfig config, DemoKeys keys, Path dataDir,
                                          Map<String, Duration> maxStaleness, Clock now) {
        GatewayConfig.Store store = config.store();
        try (Database database = Database.open(store.url(), store.username(), store.password(), store.poolSize())) {
            if (!new JdbcMemberStore(database.dataSource()).search(new MemberStore.Search("", Optional.empty(), 1))
                    .isEmpty()) {
                return Optional.empty();
            }
            long started = System.nanoTime();
            DemoHistory.Plan plan = DemoHistory.plan(LocalDate.ofInstant(now.instant(), config.zone()), config.zone());
            DemoHistoryWriter writer = new DemoHistoryWriter(plan, config, keys, dataDir, maxStaleness);
            writer.write(database);
            Written written = new Written(plan.members().size(), writer.sessions, writer.events,
                    Duration.ofNanos(System.nanoTime() - started));
            LOG.info("demo history written [from: {}, to: {}, members: {}, sessions: {}, events: {}, took: {} ms]",
                    plan.first(), plan.last(), written.members(), written.sessions(), written.events(),
                    written.took().toMillis());
            return Optional.of(written);
        }
    }

    private void write(Database database) {
        DataSource dataSource = database.dataSource();
        ZoneId zone = config.zone();
        JdbcLabDirectory directory = new JdbcLabDirectory(dataSource, clock);
        EventStore store = new JdbcEventStore(dataSource);
        UsageTagService tags = new UsageTagService(new JdbcUsageTagStore(dataSource), clock);
        MemberService members = new MemberService(new JdbcMemberStore(dataSource), clock, () -> { });
        Map<String, SqliteNodeStore> nodeStores = new LinkedHashMap<>();
        try (BillingServices billing = BillingServices.start(JdbcBillingStores.over(dataSource, clock, zone), clock,
                zone, config.billing().currency(), config.billing().invoiceIssuer(config.lab()), () -> { },
                JobLease.SOLE, ChangeFeed.SOLE);
             AccessService access = new AccessService(new JdbcAccessStore(dataSource), directory, hasher, clock, zone,
                     (node, entries) -> { }, billing.charging(), JobLease.SOLE, PublishedAcls.inProcess(),
                     new ThreadScheduler("demo-history-access", clock), 0)) {
            for (String node : DemoLab.nodeIds()) {
                nodeStores.put(node, SqliteNodeStore.open(dataDir.resolve("nodes").resolve(node).resolve("node.db")));
            }
            DemoLab.seed(directory, keys, maxStaleness);
            DemoLab.trainings(access);
            DemoLab.billing(billing);
            for (DemoHistory.Happening happening : plan.happenings()) {
                clock.set(happening.at());
                if (happening instanceof DemoHistory.Started s) {
                    sessions++;
                    event(nodeStores, s.node(), new EventData.SessionStarted(s.sessionId(), s.at(),
                            hasher.hash(s.badgeType(), s.badgeUid(), false), s.memberId(), false));
                } else if (happening instanceof DemoHistory.Ended e) {
                    ended(nodeStores, e);
                } else if (happening instanceof DemoHistory.Refused r) {
                    event(nodeStores, r.node(), new EventData.BadgeDenied(hasher.hash(r.badgeType(), r.badgeUid(),
                            false), r.reason()));
                } else {
                    flush(store);
                    apply(happening, directory, members, access, billing, tags);
                }
            }
            flush(store);
        } finally {
            nodeStores.values().forEach(SqliteNodeStore::close);
        }
    }

    /** The filament the printer recorded during the session, then the session's end. */
    private void ended(Map<String, SqliteNodeStore> nodeStores, DemoHistory.Ended e) {
        if (e.grams() > 0) {
            clock.set(e.at().minusSeconds(30));
            event(nodeStores, e.node(), new EventData.ConsumableRecorded(e.sessionId(), e.item(), e.grams(), "g"));
            clock.set(e.at());
        }
        long wall = Duration.between(e.startedAt(), e.at()).toSeconds();
        event(nodeStores, e.node(), new EventData.SessionEnded(e.sessionId(), e.startedAt(), e.at(), wall,
                e.busySeconds(), e.energyWh(), EndReason.BADGE_OUT, false));
    }

    private void apply(DemoHistory.Happening happening, JdbcLabDirectory directory, MemberService members,
                       AccessService access, BillingServices billing, UsageTagService tags) {
        if (happening instanceof DemoHistory.Joined j) {
            DemoHistory.HistoryMember member = j.member();
            directory.upsert(new MemberRecord(member.id(), member.name(), true, member.territory()));
            directory.upsert(new BadgeRecord(hasher.hash(member.badgeType(), member.badgeUid(), false), member.id()));
            member.group().ifPresent(group -> members.update(FABMANAGER, member.id(), new MemberStore.Change(
                    Optional.empty(), Optional.empty(), Optional.of(Optional.of(group)), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty()), Optional.empty()));
            member.plan().filter(plan -> !member.id().equals("m-chloe")).ifPresent(plan ->
                    billing.tariffs().assignPlan(ADMIN, member.id(), Optional.of(plan)));
        } else if (happening instanceof DemoHistory.TrainerAdded t) {
            access.addTrainer(ADMIN, t.trainingId(), t.memberId());
        } else if (happening instanceof DemoHistory.Granted g) {
            boolean staff = g.by() == DemoHistory.Granter.ADMIN || g.by() == DemoHistory.Granter.FABMANAGER;
            access.grant(granter(g.by()), g.memberId(), g.trainingId(), Optional.empty(),
                    Optional.of(staff ? "training session" : "peer training"));
        } else if (happening instanceof DemoHistory.SheetsRecorded s) {
            ConsumableRecord record = billing.ledger().recordConsumable(FABMANAGER, s.memberId(),
                    Optional.of(s.sessionId()), s.item(), s.sheets(), "fabmanager");
            s.tag().ifPresent(tag -> tags.tagConsumableRecord(FABMANAGER, record.id(),
                    Optional.of(UsageTag.fromWire(tag))));
        } else if (happening instanceof DemoHistory.SessionTagged t) {
            tags.tagSession(FABMANAGER, t.node(), t.sessionId(), Optional.of(UsageTag.fromWire(t.tag())));
        } else if (happening instanceof DemoHistory.CatchUp) {
            billing.charging().catchUp();
        } else if (happening instanceof DemoHistory.Paid p) {
            long amount = billing.charging().owed(p.memberId()) * p.percent() / 100;
            if (amount > 0) {
                billing.ledger().payment(TREASURER, p.memberId(), amount, Optional.empty(),
                        PaymentMethod.fromWire(p.method()), p.method() + " " + p.month() + " " + p.memberId());
            }
        } else {
            throw new IllegalStateException("not a happening to apply: " + happening);
        }
    }

    private static Principal granter(DemoHistory.Granter by) {
        return switch (by) {
            case ADMIN -> ADMIN;
            case FABMANAGER -> FABMANAGER;
            case PEER_CHLOE -> new Principal("trainer", Role.TRAINER, "m-chloe", "Chloé Dubois");
            case PEER_ALICE -> new Principal("maker", Role.MAKER, "m-alice", "Alice Martin");
        };
    }

    /** Signs {@code data} as its node would, numbered from the node's own store, and checks it as ingestion does. */
    private void event(Map<String, SqliteNodeStore> nodeStores, String node, EventData data) {
        long seq = nodeStores.get(node).nextSeq();
        NodeEvent event = NodeEvent.of(DemoLab.LAB, node, clock.instant(), seq,
                UUID.nameUUIDFromBytes(("demo-history:" + node + ":" + seq).getBytes(StandardCharsets.UTF_8))
                        .toString(), data);
        Inbound inbound = verifier.verify(event.topic().toString(), signers.get(node).sign(event));
        if (!(inbound instanceof Inbound.Accepted accepted)) {
            throw new IllegalStateException("a demo history event was refused: " + inbound);
        }
        pending.add(new EventStore.AcceptedEvent((NodeEvent) accepted.message(), accepted.body(), clock.instant()));
        events++;
    }

    private void flush(EventStore store) {
        if (!pending.isEmpty()) {
            store.store(List.copyOf(pending), List.of());
            pending.clear();
        }
    }

    /** The history's clock: each write happens at the moment the plan gives it. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the history clock has one zone");
        }
    }
}

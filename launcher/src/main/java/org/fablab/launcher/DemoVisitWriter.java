package org.fablab.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.Optional;
import java.util.UUID;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcMemberStore;
import org.fablab.gateway.app.GatewayConfig;
import org.fablab.gateway.app.Secrets;
import org.fablab.gateway.billing.ChargeKey;
import org.fablab.gateway.port.MemberStore;
import org.fablab.node.adapter.sqlite.SqliteNodeStore;
import org.fablab.node.port.Outbox;
import org.fablab.protocol.BouncyCastleEd25519;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The past of the network demo's host lab, written on a fresh folder before its gateway and nodes start: one visit of
 * the home lab's visitor ({@link DemoNetwork#VISITOR}) on the laser cutter, the 15th of last month from 10:00 to 10:45
 * in the lab's zone (a morning, so never in the free Saturday afternoon: the visit costs something). The laser's node
 * records it as it records a session: a session started with the visitor's badge under the network pepper (the hash
 * the pass list gives the host) and their member id here, then the session ended, each numbered by the node's own
 * store, signed with the node's key and kept in its outbox. The node sends them once it runs, as events it kept
 * offline, and the gateway charges the visit to the home lab's network account, once the home lab is its partner
 * ({@link DemoNetwork} retries the charge parked before), and issues its receipt: last month then has a visit to
 * settle.
 */
final class DemoVisitWriter {
    static final String NODE = "laser-1";
    private static final Logger LOG = LoggerFactory.getLogger(DemoVisitWriter.class);
    private static final int DAY = 15;
    private static final LocalTime START = LocalTime.of(10, 0);
    private static final Duration LENGTH = Duration.ofMinutes(45);
    private static final Duration FIRING = Duration.ofMinutes(25);

    /** The visit written: its month and its session at the host. */
    record Written(YearMonth month, String sessionId) {
        /** What the host's ledger charges the visit under. */
        String cause() {
            return ChargeKey.session(NODE, sessionId);
        }
    }

    private DemoVisitWriter() {
    }

    /**
     * Writes the visit when the host's database has no member yet; does nothing on a host that already ran, so a
     * restart never writes it twice.
     *
     * @param homeLab the visitor's home lab
     * @return the visit written, empty when the database was not fresh
     */
    static Optional<Written> writeIfFresh(GatewayConfig config, DemoKeys keys, Path dataDir, String homeLab,
                                          Clock now) {
        GatewayConfig.Store store = config.store();
        try (Database database = Database.open(store.url(), store.username(), store.password(), store.poolSize())) {
            if (!new JdbcMemberStore(database.dataSource()).search(new MemberStore.Search("", Optional.empty(), 1))
                    .isEmpty()) {
                return Optional.empty();
            }
        }
        byte[] networkPepper = Secrets.networkPepper(config.network()).orElseThrow(() ->
                new IllegalStateException("the demo's host lab has no network pepper to know the visitor's badge by"));
        YearMonth month = YearMonth.now(now.withZone(config.zone())).minusMonths(1);
        Instant start = month.atDay(DAY).atTime(START).atZone(config.zone()).toInstant();
        Instant end = start.plus(LENGTH);
        String sessionId = UUID.nameUUIDFromBytes(("demo-visit:" + month).getBytes(StandardCharsets.UTF_8))
                .toString();
        DemoLab.Member visitor = DemoNetwork.VISITOR;
        CredentialRef badge = new CredentialHasher(networkPepper).hash(visitor.badgeType(), visitor.badgeUid(), false);
        Signer signer = new Signer(Ed25519Keys.privateKey(keys.nodes().get(NODE).privateKey()),
                new BouncyCastleEd25519());
        try (SqliteNodeStore node = SqliteNodeStore.open(dataDir.resolve("nodes").resolve(NODE).resolve("node.db"))) {
            record(node, signer, config.lab(), start, new EventData.SessionStarted(sessionId, start, badge,
                    homeLab + ":" + visitor.id(), false));
            record(node, signer, config.lab(), end, new EventData.SessionEnded(sessionId, start, end,
                    LENGTH.toSeconds(), FIRING.toSeconds(), 180.0, EndReason.BADGE_OUT, false));
        }
        LOG.info("demo visit written [lab: {}, node: {}, visitor: {}:{}, at: {}]", config.lab(), NODE, homeLab,
                visitor.id(), start);
        return Optional.of(new Written(month, sessionId));
    }

    /** Appends {@code data} to the node's outbox as the node does: numbered by its store, signed with its key. */
    private static void record(SqliteNodeStore node, Signer signer, String lab, Instant at, EventData data) {
        node.append(seq -> {
            NodeEvent event = NodeEvent.of(lab, NODE, at, seq, UUID.nameUUIDFromBytes(("demo-visit:" + NODE + ":"
                    + seq).getBytes(StandardCharsets.UTF_8)).toString(), data);
            return new Outbox.Sealed(event, signer.sign(event));
        });
    }
}

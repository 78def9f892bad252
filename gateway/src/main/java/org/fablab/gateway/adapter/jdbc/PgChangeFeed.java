package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.protocol.Names;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChangeFeed} on PostgreSQL: {@code NOTIFY} through a pooled connection right after the change committed,
 * {@code LISTEN} on a connection of its own (a pooled one would hand the subscription to whatever borrows it next),
 * read by a daemon thread that waits at most {@link #POLL_MILLIS} for each batch, so a change reaches the other
 * instances well within a second. Notifications sent while the listener is disconnected are lost for it: after
 * reconnecting it delivers a {@link ChangeFeed.Resync}. The channel is keyed by the schema, since notifications are
 * shared by the whole database.
 *
 * <p>A payload is {@code <instance> <kind> [<id>]}: the sending instance's id (so an instance skips its own), the
 * kind of change and the id of what changed (the rest of the payload, as a member id may hold a space; a session is
 * {@code <node> <session id>}). An instance
 * of another version, or any client of the database, may notify on the channel, so a payload that does not parse is
 * logged and dropped.
 */
final class PgChangeFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(PgChangeFeed.class);
    private static final int POLL_MILLIS = 500;
    /** How long the listening connection may stay quiet before it is checked, so a silent break is found too. */
    private static final long CHECK_IDLE_MILLIS = 10_000;
    private static final int CHECK_SECONDS = 2;
    private static final long RECONNECT_MILLIS = 1_000;
    private static final int MAX_MEMBER_ID = 200;
    private static final Pattern INSTANCE = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern CHANNEL = Pattern.compile("fablab_changes_[0-9a-f]{1,8}");

    private final AdvisoryLease.Connector connector;
    private final DataSource pool;
    private final String channel;
    private final String instance = UUID.randomUUID().toString().replace("-", "");
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final Thread listener;
    private volatile boolean running = true;

    private PgChangeFeed(AdvisoryLease.Connector connector, DataSource pool, String channel, Connection first) {
        this.connector = connector;
        this.pool = pool;
        this.channel = channel;
        this.listener = new Thread(() -> listen(first), "fablab-change-feed");
        listener.setDaemon(true);
    }

    /**
     * Listens for the other instances' changes on {@code connector}'s connections, already when this returns;
     * publishes through {@code pool}.
     */
    static PgChangeFeed start(AdvisoryLease.Connector connector, DataSource pool) {
        String channel = Sql.read(pool, c -> Sql.one(c,
                "select 'fablab_changes_' || to_hex(hashtext(current_schema()))", rs -> rs.getString(1)).orElseThrow());
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalStateException("unexpected change feed channel " + channel);
        }
        // listening before this returns: whatever the caller loads next, a later change by another instance reaches it
        Connection first;
        try {
            first = listening(connector, channel);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot listen for the changes of other gateway instances: "
                    + e.getMessage(), e);
        }
        PgChangeFeed feed = new PgChangeFeed(connector, pool, channel, first);
        feed.listener.start();
        return feed;
    }

    /** The channel this feed listens and notifies on. */
    String channel() {
        return channel;
    }

    @Override
    public void publish(Change change) {
        if (!running) {
            return;
        }
        String payload = instance + " " + wire(change);
        try {
            Sql.read(pool, c -> Sql.one(c, "select pg_notify(?, ?)", rs -> true, channel, payload));
        } catch (RuntimeException e) {
            LOG.warn("change not told to the other gateway instances, they see it at their next resync [{}]: {}",
                    change, e.getMessage());
        }
    }

    private static String wire(Change change) {
        if (change instanceof BalanceChanged balance) {
            return "balance " + balance.memberId();
        }
        if (change instanceof ModeChanged mode) {
            return "mode " + mode.nodeId();
        }
        if (change instanceof TrainerBadged badged) {
            return "trainer-badge " + badged.nodeId();
        }
        if (change instanceof BillingSettingsChanged) {
            return "billing-settings";
        }
        if (change instanceof AccessChanged) {
            return "access";
        }
        if (change instanceof SessionChanged session) {
            return "session " + session.nodeId() + " " + session.sessionId();
        }
        if (change instanceof MachineStateChanged state) {
            return "machine-state " + state.nodeId();
        }
        if (change instanceof RegistryChanged) {
            return "registry";
        }
        return "resync";
    }

    @Override
    public void subscribe(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /**
     * Receives on {@code first}, then on a new connection each time one breaks, until closed. Each new connection
     * starts with a {@link Resync}: what was notified while none listened is lost.
     */
    private void listen(Connection first) {
        Optional<Connection> next = Optional.of(first);
        boolean failing = false;
        while (running) {
            try (Connection connection = next.isPresent() ? next.get() : listening(connector, channel)) {
                if (next.isEmpty()) {
                    if (failing) {
                        LOG.info("change feed listening again: reloading what other gateway instances may have changed");
                    }
                    deliver(new Resync());
                }
                next = Optional.empty();
                failing = false;
                receive(connection);
            } catch (SQLException e) {
                next = Optional.empty();
                if (running && !failing) {
                    LOG.warn("change feed cut off from the database, reconnecting every {} ms: {}", RECONNECT_MILLIS,
                            e.getMessage());
                }
                failing = true;
                pause();
            }
        }
    }

    /** A new connection listening on the channel. */
    private static Connection listening(AdvisoryLease.Connector connector, String channel) throws SQLException {
        Connection connection = connector.connect();
        try (Statement statement = connection.createStatement()) {
            // the channel matched CHANNEL: a plain identifier, nothing a payload or a schema name can inject
            statement.execute("listen " + channel);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Delivers what arrives on {@code connection} until the feed closes or the connection breaks. */
    private void receive(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (running) {
            PGNotification[] batch = notifications.getNotifications(POLL_MILLIS);
            if (batch != null && batch.length > 0) {
                quietSince = System.nanoTime();
                for (PGNotification notification : batch) {
                    parse(notification.getParameter()).ifPresent(this::deliver);
                }
            } else if ((System.nanoTime() - quietSince) / 1_000_000 > CHECK_IDLE_MILLIS) {
                if (!connection.isValid(CHECK_SECONDS)) {
                    throw new SQLException("the listening connection stopped answering");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /** The change another instance sent in {@code payload}; empty for this instance's own and for a malformed one. */
    private Optional<Change> parse(String payload) {
        String[] parts = payload.split(" ", 3);
        if (parts.length >= 2 && INSTANCE.matcher(parts[0]).matches()) {
            if (parts[0].equals(instance)) {
                return Optional.empty();
            }
            Optional<Change> change = switch (parts[1]) {
                case "balance" -> parts.length == 3 && isMemberId(parts[2])
                        ? Optional.of(new BalanceChanged(parts[2])) : Optional.empty();
                case "mode" -> parts.length == 3 && Names.isId(parts[2])
                        ? Optional.of(new ModeChanged(parts[2])) : Optional.empty();
                case "trainer-badge" -> parts.length == 3 && Names.isId(parts[2])
                        ? Optional.of(new TrainerBadged(parts[2])) : Optional.empty();
                case "billing-settings" -> parts.length == 2
                        ? Optional.of(new BillingSettingsChanged()) : Optional.empty();
                case "access" -> parts.length == 2 ? Optional.of(new AccessChanged()) : Optional.empty();
                case "resync" -> parts.length == 2 ? Optional.of(new Resync()) : Optional.empty();
                case "session" -> parts.length == 3 ? session(parts[2]) : Optional.empty();
                case "machine-state" -> parts.length == 3 && Names.isId(parts[2])
                        ? Optional.of(new MachineStateChanged(parts[2])) : Optional.empty();
                case "registry" -> parts.length == 2 ? Optional.of(new RegistryChanged()) : Optional.empty();
                default -> Optional.empty();
            };
            if (change.isPresent()) {
                return change;
            }
        }
        LOG.warn("change feed: malformed notification ignored [{}]", payload.length() > 120
                ? payload.substring(0, 120) + "…" : payload);
        return Optional.empty();
    }

    /** Member ids are the lab's own (imported) ones, not protocol ids: any short text without control characters. */
    private static boolean isMemberId(String id) {
        return !id.isBlank() && id.length() <= MAX_MEMBER_ID && id.chars().noneMatch(Character::isISOControl);
    }

    /**
     * A session named by {@code <node> <session id>}: the node's id is a protocol id, the session id any text its node
     * made (the rest, as it may hold a space), held to the rule of member ids.
     */
    private static Optional<Change> session(String ids) {
        String[] parts = ids.split(" ", 2);
        return parts.length == 2 && Names.isId(parts[0]) && isMemberId(parts[1])
                ? Optional.of(new SessionChanged(parts[0], parts[1])) : Optional.empty();
    }

    private void deliver(Change change) {
        for (Consumer<Change> each : listeners) {
            try {
                each.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("change from another gateway instance not applied [{}]: {}", change, e.getMessage(), e);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            listener.join(POLL_MILLIS * 4L + RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's MQTT client id, claimed among the gateways sharing a PostgreSQL schema: a session-level advisory lock
 * keyed by the schema and the client id, taken at start on a connection of its own and held until close. Two instances
 * with one client id would take the broker session from each other at every reconnect, which MQTT 3.1.1 does not
 * explain to either; the second one is refused at start instead, naming the client id. The lock goes with its
 * holder's database session, so a drain instance started with a dead instance's client id (docs/deployment.md) gets
 * it. Checked at start only: an instance whose connection breaks later keeps running without the claim.
 */
final class ClientIdClaim implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientIdClaim.class);
    /** The first half of the lock key, apart from the job lease's: "mqid" in ASCII. */
    private static final int CLIENT_IDS = 0x6d716964;

    private final Connection connection;

    private ClientIdClaim(Connection connection) {
        this.connection = connection;
    }

    static ClientIdClaim take(AdvisoryLease.Connector connector, String clientId) {
        try {
            Connection c = AdvisoryLease.lockSession(connector);
            boolean taken;
            try {
                taken = Sql.one(c, "select pg_try_advisory_lock(?, hashtext(current_schema() || '/' || ?))",
                        rs -> rs.getBoolean(1), CLIENT_IDS, clientId).orElse(false);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            if (!taken) {
                c.close();
                throw new IllegalStateException("mqtt.clientId " + clientId + " is used by another gateway instance "
                        + "on this database; give each instance its own (docs/deployment.md)");
            }
            return new ClientIdClaim(c);
        } catch (SQLException e) {
            throw new IllegalStateException("claiming mqtt.clientId " + clientId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the client id claim's connection: {}", e.getMessage());
        }
    }
}

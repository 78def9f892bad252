package org.fablab.gateway.app;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcEnrollmentStore;
import org.fablab.gateway.adapter.jdbc.JdbcFailureLog;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.gateway.port.NodeActivation;
import org.fablab.gateway.service.EnrollmentService;

/** Builds the enrollment service from the config, for the running gateway and for {@code provision node}. */
final class Enrollments {
    private Enrollments() {
    }

    static EnrollmentService service(GatewayConfig config, Database database, NodeActivation activation,
                                     BrokerAccounts brokers, Clock clock) {
        PrivateKey signingKey = Secrets.gatewayKey(config.keys());
        EnrollmentService.Settings settings = new EnrollmentService.Settings(config.lab(),
                config.enrollment().nodeBrokerUrl(config.mqtt()), Secrets.publicKeyOf(signingKey),
                HexFormat.of().formatHex(Secrets.labPepper(config.keys())),
                Secrets.caCertificate(config.enrollment()).orElse(null),
                Secrets.networkPepper(config.network()).map(HexFormat.of()::formatHex).orElse(null));
        return new EnrollmentService(new JdbcEnrollmentStore(database.dataSource()), activation, brokers, settings,
                new JdbcFailureLog(database.dataSource()), clock, new SecureRandom());
    }
}

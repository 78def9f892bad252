package org.fablab.gateway.app;

import java.time.Clock;
import java.util.Currency;
import javax.sql.DataSource;
import org.fablab.gateway.adapter.jdbc.JdbcReportStore;
import org.fablab.gateway.adapter.jdbc.JdbcTariffStore;
import org.fablab.gateway.port.ReportStore;
import org.fablab.gateway.service.ReportService;

/** The impact report's service as the gateway and {@code fablab report} build it from the configuration. */
final class Reports {
    private Reports() {
    }

    static ReportService service(GatewayConfig config, DataSource dataSource, Clock clock) {
        return service(config, dataSource, store(dataSource), clock);
    }

    static ReportService service(GatewayConfig config, DataSource dataSource, ReportStore store, Clock clock) {
        JdbcTariffStore tariffs = new JdbcTariffStore(dataSource);
        return new ReportService(store, tariffs::freeWindows, config.lab(), config.zone(),
                Currency.getInstance(config.billing().currency()), config.report().settings(), clock);
    }

    /** The SQL aggregates behind the figures. */
    static ReportStore store(DataSource dataSource) {
        return new JdbcReportStore(dataSource);
    }
}

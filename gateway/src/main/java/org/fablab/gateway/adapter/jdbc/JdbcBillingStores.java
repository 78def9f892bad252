package org.fablab.gateway.adapter.jdbc;

import java.time.Clock;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.fablab.gateway.port.BillingStores;

/** Billing's stores over one database. */
public final class JdbcBillingStores {
    private JdbcBillingStores() {
    }

    /**
     * @param clock dates when facts and entries were recorded (accounting dates are the caller's)
     * @param zone  the lab's zone, in which a day of a date filter starts and ends
     */
    public static BillingStores over(DataSource dataSource, Clock clock, ZoneId zone) {
        return new BillingStores(new JdbcTariffStore(dataSource), new JdbcChargeStore(dataSource, clock, zone),
                new JdbcLedgerStore(dataSource, clock), new JdbcPeriodStore(dataSource));
    }
}

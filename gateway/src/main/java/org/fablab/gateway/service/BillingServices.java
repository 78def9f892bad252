package org.fablab.gateway.service;

import java.time.Clock;
import java.time.ZoneId;
import org.fablab.gateway.billing.Issuer;
import org.fablab.gateway.port.BillingStores;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.JobLease;

/**
 * Billing's services, wired to one {@link ChargingEngine}: the only one that charges and counts balances, which the
 * others hand their ledger writes to. Closing it stops the engine's thread.
 */
public record BillingServices(ChargingEngine charging, TariffService tariffs, LedgerService ledger,
                              PeriodService periods) implements AutoCloseable {

    /**
     * Starts the engine (reading the balances and the prepaid minimum) and the services around it.
     *
     * @param currency      ISO 4217 code of every entry, e.g. {@code EUR}
     * @param issuer        who issues the statements and invoices, as printed on them
     * @param accessChanged called when a member's balance crosses the prepaid minimum, so ACLs are rebuilt, and when a
     *                      member's plan changes, so pass lists to partner labs are
     * @param hourly        held by the one gateway instance that runs the hourly catch-up
     * @param feed          the balance changes of the other gateway instances on this database, and where this one's
     *                      go
     */
    public static BillingServices start(BillingStores stores, Clock clock, ZoneId zone, String currency, Issuer issuer,
                                        Runnable accessChanged, JobLease hourly, ChangeFeed feed) {
        ChargingEngine charging = new ChargingEngine(stores.charges(), stores.tariffs(), stores.ledger(), clock, zone,
                currency, accessChanged, hourly, feed);
        feed.subscribe(charging::changedElsewhere);
        return new BillingServices(charging, new TariffService(stores.tariffs(), charging, clock, currency,
                accessChanged),
                new LedgerService(stores.ledger(), stores.charges(), stores.tariffs(), charging, clock, currency),
                new PeriodService(stores.periods(), stores.ledger(), charging, clock, zone, currency, issuer));
    }

    @Override
    public void close() {
        charging.close();
    }
}

package org.fablab.gateway.port;

/** The stores billing reads and writes, one per job. */
public record BillingStores(TariffStore tariffs, ChargeStore charges, LedgerStore ledger, PeriodStore periods) {
}

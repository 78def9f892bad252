package org.fablab.gateway.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fablab.gateway.billing.Invoice;
import org.fablab.gateway.billing.Issuer;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.Statement;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.LedgerStore;
import org.fablab.gateway.port.PeriodStore.ClosedPeriod;
import org.fablab.gateway.port.PeriodStore.IssuedStatement;
import org.fablab.gateway.port.PeriodStore;

/**
 * Closing months, after which the ledger takes no entry dated in them, and issuing the members' numbered statements
 * of closed months. Blocking; thread-safe.
 */
public final class PeriodService {
    private final PeriodStore store;
    private final LedgerStore ledger;
    private final ChargingEngine charging;
    private final Clock clock;
    private final ZoneId zone;
    private final String currency;
    private final Issuer issuer;
    private final List<Runnable> closedListeners = new CopyOnWriteArrayList<>();

    /**
     * @param ledger   names the machines of the sessions on invoice lines
     * @param zone     the lab's zone, in which invoices are dated
     * @param currency ISO 4217 code of every entry, e.g. {@code EUR}
     * @param issuer   who issues the statements and invoices, as printed on them
     */
    public PeriodService(PeriodStore store, LedgerStore ledger, ChargingEngine charging, Clock clock, ZoneId zone, String currency,
                         Issuer issuer) {
        this.store = store;
        this.ledger = ledger;
        this.charging = charging;
        this.clock = clock;
        this.zone = zone;
        this.currency = currency;
        this.issuer = issuer;
    }

    /** Today in the lab's zone. */
    public LocalDate today() {
        return charging.today();
    }

    public List<ClosedPeriod> closedPeriods() {
        return store.closedPeriods();
    }

    public Optional<YearMonth> closedThrough() {
        return Optional.ofNullable(store.periods().closedThrough());
    }

    /**
     * Closes {@code month} and every month before it, after charging what is pending.
     *
     * @throws Conflict when the month is not over yet
     */
    public ClosedPeriod closePeriod(Principal actor, YearMonth month) {
        if (!month.isBefore(YearMonth.from(today()))) {
            throw new Conflict(ErrorCode.PERIOD_NOT_OVER, month);
        }
        ClosedPeriod closed = charging.afterCatchUp(() -> store.closePeriod(month, clock.instant(), actor.actor(),
                AuditEntry.of(clock.instant(), actor.actor(), AuditAction.PERIOD_CLOSED, "period", month.toString()).with("month", month)));
        closedListeners.forEach(Runnable::run);
        return closed;
    }

    /** Runs {@code listener} after each month closed here; must not block. */
    public void onClosed(Runnable listener) {
        closedListeners.add(listener);
    }

    public List<IssuedStatement> issueStatements(Principal actor, YearMonth month) {
        return store.issueStatements(month, clock.instant(), AuditEntry.of(clock.instant(), actor.actor(),
                AuditAction.STATEMENTS_ISSUED, "period", month.toString()).with("month", month));
    }

    public List<IssuedStatement> statements(Optional<YearMonth> month, Optional<String> memberId) {
        return store.statements(month, memberId);
    }

    /** The issued statement with its record (member name, ledger head). */
    public IssuedView statement(String number) {
        PeriodStore.IssuedWithLines stored = store.statement(number);
        return new IssuedView(stored.statement(), Optional.of(stored.issued()), currency, issuer.name());
    }

    /** The issued statement {@code number} as an invoice. */
    public Invoice invoice(String number) {
        PeriodStore.IssuedWithLines stored = store.statement(number);
        IssuedStatement issued = stored.issued();
        return new Invoice(issuer, stored.statement(), issued.memberName(),
                issued.issuedAt().atZone(zone).toLocalDate(), currency, issued.ledgerSequence(), issued.ledgerHead(),
                ledger.machineNames(stored.statement().entries().stream().map(LedgerEntry::cause).toList()));
    }

    public IssuedView draftStatement(String memberId, YearMonth month) {
        return new IssuedView(store.draftStatement(memberId, month), Optional.empty(), currency, issuer.name());
    }

    /** A statement as the API shows it: the lines and totals, and the issue record when it is numbered. */
    public record IssuedView(Statement statement, Optional<IssuedStatement> issued, String currency, String issuer) {
    }
}

package org.fablab.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.billing.CsvLayout;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.billing.JournalRow;
import org.fablab.gateway.billing.LedgerLabelText;
import org.fablab.gateway.billing.TreasurerCsv;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.network.Partner;
import org.fablab.gateway.network.SettlementDifference;
import org.fablab.gateway.network.Settlements;
import org.fablab.gateway.network.VisitCharge;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.PartnerStore;
import org.fablab.gateway.port.Scheduler;
import org.fablab.gateway.port.VisitStore;
import org.fablab.protocol.Json;
import org.fablab.protocol.Message;
import org.fablab.protocol.network.NetworkInbound;
import org.fablab.protocol.network.SettlementStatement;
import org.fablab.protocol.network.SettlementStatement.Statement;
import org.fablab.protocol.network.UsageReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monthly settlements with partner labs (docs/network.md, "Monthly settlement"). Once a month is closed in our ledger,
 * our statement of it is sent to each partner we have receipts with, and sent again whenever it changes (a receipt
 * that arrives late); a partner's statement is kept as received. Either side then shows whether the two agree and,
 * if not, their first difference. Statements are built from the receipts in the database each time, never kept here.
 * Sending runs on the network worker, one run at a time (this object's lock). Blocking; thread-safe.
 */
public final class NetworkSettlements {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkSettlements.class);
    private static final Duration TICK = Duration.ofMinutes(1);

    private final String ownLab;
    private final VisitStore store;
    private final PartnerStore partners;
    private final VisitReceipts.BodySink sink;
    private final Clock clock;
    private final RecurringJob job;

    public NetworkSettlements(String ownLab, VisitStore store, PartnerStore partners, VisitReceipts.BodySink sink,
                              Scheduler worker, Clock clock) {
        this.ownLab = ownLab;
        this.store = store;
        this.partners = partners;
        this.sink = sink;
        this.clock = clock;
        this.job = new RecurringJob(worker, clock, TICK, this::run);
    }

    /** Sends what is due now, then checks again every minute, on the worker. */
    public void start() {
        job.start();
    }

    /** Asks for due statements to be sent on the worker (a month closed here); calls coalesce. Never blocks. */
    public void settleSoon() {
        job.soon();
    }

    /**
     * Sends each partner our statement of every closed month that changed since it was last built (a receipt of the
     * month or the partner's statement of it kept since, or the month closed since) when it differs from the one last
     * sent. Months where nothing changed are not rebuilt, so a run costs what changed, not the lab's history.
     */
    public void sendDue() {
        job.runNow();
    }

    private synchronized void run() {
        try {
            Optional<YearMonth> through = store.closedThrough();
            if (through.isEmpty()) {
                return;
            }
            for (VisitStore.SettlementToCheck due : store.settlementsToCheck(through.get())) {
                Statement statement = ours(due.partnerId(), due.month());
                String hash = Settlements.hash(statement);
                if (due.sentHash().equals(Optional.of(hash))) {
                    store.statementChecked(due.partnerId(), due.month(), due.revision());
                    continue;
                }
                Instant now = clock.instant();
                SettlementStatement message = new SettlementStatement(Message.VERSION, ownLab, due.partnerId(), now,
                        statement);
                sink.publish(message.topic(), Json.mapper().writeValueAsString(message));
                store.statementSent(due.partnerId(), due.month(), hash, now, due.revision());
                LOG.info("settlement statement sent [partner: {}, month: {}, visits: {}, hash: {}]", due.partnerId(),
                        due.month(), statement.visits().size(), hash);
            }
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.warn("settlement statements not all sent, trying again within a minute: {}", e.toString());
        }
    }

    /** Keeps a partner's verified statement; any other message is not this service's. Blocking: on the worker. */
    public boolean received(NetworkInbound.Accepted accepted) {
        if (!(accepted.message() instanceof SettlementStatement message)) {
            return false;
        }
        Statement theirs = message.statement();
        String hash = Settlements.hash(theirs);
        store.statementReceived(message.from(), YearMonth.parse(theirs.month()), Settlements.canonical(theirs), hash,
                clock.instant());
        LOG.info("settlement statement received [partner: {}, month: {}, hash: {}]", message.from(), theirs.month(),
                hash);
        return true;
    }

    /**
     * A month's settlement with a partner as we see it.
     *
     * @param closed          whether the month is closed in our ledger (our statement is sent only then)
     * @param theirs          the partner's statement, once received
     * @param agrees          whether the partner's statement is ours byte for byte
     * @param firstDifference where the partner's statement departs from ours, when it does
     */
    public record View(String partnerId, YearMonth month, boolean closed, Statement ours, String hash,
                       Optional<Instant> sentAt, Optional<Statement> theirs, Optional<String> theirHash,
                       Optional<Instant> receivedAt, boolean agrees,
                       Optional<SettlementDifference> firstDifference) {
    }

    /**
     * One visit of a month between us and a partner, from its receipt.
     *
     * @param hostedHere  whether the partner's member visited us (else ours visited the partner)
     * @param memberId    the visitor's id at their home lab
     * @param treatment   for our members' visits, what we did with the receipt; empty for visits here
     * @param acknowledged for visits here, whether the partner acknowledged the receipt
     */
    public record Visit(String receiptId, boolean hostedHere, String memberId, String machineKind, Instant start,
                        Instant end, long wallSeconds, long amountCents, String currency,
                        Optional<VisitCharge.Treatment> treatment, boolean acknowledged) {
    }

    /**
     * The month's visits with a partner, both ways, ordered by start.
     *
     * @throws NotFound when the lab is not a partner and we hold nothing of the month with it
     */
    public List<Visit> visits(String partnerId, YearMonth month) {
        party(partnerId, month);
        List<Visit> visits = new ArrayList<>();
        for (VisitStore.IssuedReceipt issued : store.issued(partnerId, month)) {
            UsageReceipt receipt = read(issued.body(), UsageReceipt.class);
            visits.add(new Visit(issued.receiptId(), true, receipt.visitorId(), receipt.machineKind(),
                    receipt.start(), receipt.end(), receipt.wallSeconds(), issued.amountCents(), issued.currency(),
                    Optional.empty(), issued.ackedAt().isPresent()));
        }
        for (VisitStore.RecordedReceipt recorded : store.recorded(partnerId, month)) {
            visits.add(new Visit(recorded.receiptId(), false, recorded.memberId(), recorded.machineKind(),
                    recorded.start(), recorded.end(), recorded.wallSeconds(), recorded.amountCents(),
                    recorded.currency(), Optional.of(recorded.treatment()), true));
        }
        visits.sort(Comparator.comparing(Visit::start).thenComparing(Visit::receiptId));
        return visits;
    }

    /** @throws NotFound when the lab is not a partner and we hold nothing of the month with it */
    public View view(String partnerId, YearMonth month) {
        party(partnerId, month);
        Statement ours = ours(partnerId, month);
        String hash = Settlements.hash(ours);
        VisitStore.SettlementState state = store.settlement(partnerId, month);
        Optional<Statement> theirs = state.theirStatement().map(NetworkSettlements::parse);
        boolean closed = store.closedThrough().filter(through -> !month.isAfter(through)).isPresent();
        return new View(partnerId, month, closed, ours, hash, state.sentAt(), theirs, state.theirHash(),
                state.receivedAt(), state.theirHash().equals(Optional.of(hash)),
                theirs.flatMap(statement -> Settlements.firstDifference(ours, statement, partnerId)));
    }

    /**
     * Writes our statement of {@code month} with the partner as the treasurer's CSV (flushed, not closed), then records
     * the export in the audit log; returns the rows written.
     *
     * @param actor who asked, as the audit log names them
     * @throws IOException when {@code out} fails; nothing is audited then
     * @throws NotFound    when the lab is not a partner and we hold nothing of the month with it
     */
    public long writeStatement(String actor, String partnerId, YearMonth month, CsvLayout layout, OutputStream out)
            throws IOException {
        Statement statement = ours(party(partnerId, month).id(), month);
        Writer writer = TreasurerCsv.open(out, layout);
        long rows = TreasurerCsv.writeSettlement(statement, writer, layout);
        writer.flush();
        audit(actor, "statement.csv", partnerId, statement, layout, rows);
        return rows;
    }

    /**
     * Writes the journal rows of our statement of {@code month} with the partner (what our members' visits there cost
     * us, against the partner's {@code 467} account) as the treasurer's CSV (flushed, not closed), then records the
     * export in the audit log; returns the rows.
     *
     * @param actor who asked, as the audit log names them
     * @throws IOException when {@code out} fails; nothing is audited then
     * @throws NotFound    when the lab is not a partner and we hold nothing of the month with it
     */
    public long writeJournal(String actor, String partnerId, YearMonth month, CsvLayout layout,
                             Journal.Accounts accounts, OutputStream out) throws IOException {
        Party partner = party(partnerId, month);
        Statement statement = ours(partner.id(), month);
        List<JournalRow> rows = Settlements.journal(statement, ownLab, partner.id(), partner.name(), accounts,
                LedgerLabelText.in(layout.locale()));
        Writer writer = TreasurerCsv.open(out, layout);
        long written = TreasurerCsv.writeJournal(rows.iterator(), writer, layout);
        writer.flush();
        audit(actor, "journal.csv", partnerId, statement, layout, written);
        return written;
    }

    /** As the ledger's exports are: the file, what it was made of (the statement's hash) and how many rows. */
    private void audit(String actor, String file, String partnerId, Statement statement, CsvLayout layout,
                       long rows) {
        store.audit(AuditEntry.of(clock.instant(), actor, AuditAction.SETTLEMENT_EXPORTED, "partner", partnerId)
                .with("file", file).with("month", statement.month()).with("layout", layout.describe())
                .with("rows", rows).with("hash", Settlements.hash(statement)));
    }

    /** Whom a month's settlement is with, {@code name} as our books name them. */
    private record Party(String id, String name) {
    }

    /**
     * The partner, or a lab that no longer is one but with which we hold receipts or a statement of the month: its
     * settlement stays readable, named by its id as the ledger's exports name a removed partner's network account.
     */
    private Party party(String partnerId, YearMonth month) {
        Optional<Partner> partner = partners.partner(partnerId);
        if (partner.isEmpty() && store.holdsSettlement(partnerId, month)) {
            return new Party(partnerId, partnerId);
        }
        Partner known = partner.orElseGet(() -> partners.existing(partnerId));
        return new Party(known.id(), known.name());
    }

    private Statement ours(String partnerId, YearMonth month) {
        return Settlements.of(ownLab, partnerId, month, store.issued(partnerId, month), store.recorded(partnerId,
                month));
    }

    private static Statement parse(String json) {
        return read(json, Statement.class);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored " + type.getSimpleName() + " no longer reads: "
                    + e.getMessage(), e);
        }
    }
}

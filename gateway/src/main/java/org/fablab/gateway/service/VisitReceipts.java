package org.fablab.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.network.Receipts;
import org.fablab.gateway.network.VisitCharge;
import org.fablab.gateway.port.Scheduler;
import org.fablab.gateway.port.VisitStore;
import org.fablab.protocol.Message;
import org.fablab.protocol.network.NetworkChannel;
import org.fablab.protocol.network.NetworkInbound;
import org.fablab.protocol.network.NetworkTopic;
import org.fablab.protocol.network.ReceiptAck;
import org.fablab.protocol.network.UsageReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage receipts between partner labs, both ways (docs/network.md, "Receipts").
 *
 * <p>As host: every visit charged to a partner's network account gets a receipt, made from the ledger and kept with
 * its exact body before it is first sent, so a receipt is never lost between a charge and a crash; the receipts not
 * acknowledged are sent again, after {@link #RESEND} then waits that double up to {@link #LONGEST_WAIT}, until the
 * home lab acknowledges them or stops being a partner. As home lab: a partner's
 * receipt is recorded on our member once (what is done with it follows {@code network.visits}), acknowledged every
 * time it arrives, and a charged one is left to the charging, which writes it to the ledger.
 *
 * <p>Issuing and sending run on the network worker, one at a time (this object's lock); another gateway instance on
 * the same database may issue or send the same receipt at the same moment: the store keeps the first of each, and the
 * home lab records a receipt sent twice once. Blocking; thread-safe.
 */
public final class VisitReceipts {
    private static final Logger LOG = LoggerFactory.getLogger(VisitReceipts.class);
    /**
     * How long a sent receipt first waits for its acknowledgement before it is sent again; each further wait doubles,
     * up to {@link #LONGEST_WAIT}, so a partner unreachable for days gets a few dozen copies of a receipt, not
     * thousands (its broker's bridge queue holds what the link could not carry).
     */
    public static final Duration RESEND = Duration.ofMinutes(2);
    /** The longest wait between two sendings of a receipt not acknowledged. */
    public static final Duration LONGEST_WAIT = Duration.ofHours(1);
    private static final Duration TICK = Duration.ofMinutes(1);
    private static final int BATCH = 200;

    /** Signs {@code body} for {@code topic} and publishes it; throws when the broker did not take it. */
    @FunctionalInterface
    public interface BodySink {
        void publish(NetworkTopic topic, String body);
    }

    private final String ownLab;
    private final VisitStore store;
    private final BodySink sink;
    private final Runnable chargeSoon;
    private final Runnable receiptsChanged;
    private final VisitCharge visits;
    private final String currency;
    private final Clock clock;
    private final ZoneId zone;
    private final RecurringJob job;

    /**
     * @param chargeSoon      the charging's: asked for after a receipt to charge to a member is recorded
     * @param receiptsChanged called after a partner's receipt is recorded (a month's statement may change)
     * @param currency        our ledger's currency, that of the receipts we issue
     */
    public VisitReceipts(String ownLab, VisitStore store, BodySink sink, Runnable chargeSoon, Runnable receiptsChanged,
                         VisitCharge visits, String currency, Scheduler worker, Clock clock, ZoneId zone) {
        this.ownLab = ownLab;
        this.store = store;
        this.sink = sink;
        this.chargeSoon = chargeSoon;
        this.receiptsChanged = receiptsChanged;
        this.visits = visits;
        this.currency = currency;
        this.clock = clock;
        this.zone = zone;
        this.job = new RecurringJob(worker, clock, TICK, this::run);
    }

    /** Issues and sends what is due now, then again every minute, on the worker. */
    public void start() {
        job.start();
    }

    /** Asks for receipts to be issued and sent on the worker (after a charge); calls coalesce. Never blocks. */
    public void receiptsMayBeDue() {
        job.soon();
    }

    /**
     * Makes the receipts of the visits charged since the last run, then sends those not acknowledged that were never
     * sent or whose wait is over. A failure stops the run; the next one starts over from the
     * database.
     */
    public void issueAndSend() {
        job.runNow();
    }

    private synchronized void run() {
        try {
            List<VisitStore.ChargedVisit> visits;
            do {
                visits = store.visitsWithoutReceipt(BATCH);
                for (VisitStore.ChargedVisit visit : visits) {
                    issue(visit);
                }
            } while (visits.size() == BATCH);
            Instant now = clock.instant();
            List<VisitStore.IssuedReceipt> due;
            do {
                due = store.due(now, BATCH);
                for (VisitStore.IssuedReceipt receipt : due) {
                    sink.publish(NetworkTopic.of(ownLab, receipt.partnerId(), NetworkChannel.RECEIPTS),
                            receipt.body());
                    store.markSent(receipt.partnerId(), receipt.receiptId(), now, now.plus(waitAfter(receipt.sends()
                            + 1)));
                }
            } while (due.size() == BATCH);
        } catch (RuntimeException e) {
            LOG.warn("receipts to partner labs not all issued and sent, trying again within a minute: {}",
                    e.toString());
        }
    }

    /** The wait after the {@code sends}-th sending: {@link #RESEND}, doubled at each further one, capped. */
    static Duration waitAfter(int sends) {
        Duration wait = RESEND;
        for (int i = 1; i < sends && wait.compareTo(LONGEST_WAIT) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(LONGEST_WAIT) < 0 ? wait : LONGEST_WAIT;
    }

    private void issue(VisitStore.ChargedVisit visit) {
        Instant now = clock.instant();
        UsageReceipt receipt = Receipts.of(ownLab, visit, currency, zone, now);
        String body = Receipts.body(receipt);
        store.issue(new VisitStore.IssuedReceipt(visit.partnerId(), receipt.receiptId(), receipt.month(),
                receipt.amountCents(), currency, receipt.wallSeconds(), body, Receipts.hash(body), now, 0,
                Optional.empty()));
        LOG.info("receipt issued [partner: {}, receipt: {}, visitor: {}, amount: {} {}]", visit.partnerId(),
                receipt.receiptId(), receipt.visitorId(), ChargingEngine.cents(receipt.amountCents()), currency);
    }

    /**
     * A verified receipt or acknowledgement from a partner; any other message is not this service's. Blocking: call
     * it from the worker. Throws when the acknowledgement of a receipt could not be sent, so the message is
     * redelivered and acknowledged then.
     *
     * @return whether the message was one of ours
     */
    public boolean received(NetworkInbound.Accepted accepted) {
        if (accepted.message() instanceof UsageReceipt receipt) {
            record(receipt, accepted.body());
            return true;
        }
        if (accepted.message() instanceof ReceiptAck ack) {
            List<String> differing = store.acknowledge(ack.from(), ack.receipts(), clock.instant());
            if (!differing.isEmpty()) {
                LOG.error("partner {} recorded receipts other than those we sent; they are sent again {}",
                        ack.from(), differing);
            }
            return true;
        }
        return false;
    }

    private void record(UsageReceipt receipt, String body) {
        String hash = Receipts.hash(body);
        VisitCharge.Treatment treatment = visits.treatmentFor(store.onActivePlan(receipt.visitorId()).orElse(false));
        Instant now = clock.instant();
        VisitStore.Kept outcome = store.record(new VisitStore.RecordedReceipt(receipt.from(),
                receipt.receiptId(), receipt.visitorId(), receipt.month(), receipt.amountCents(), receipt.currency(),
                receipt.wallSeconds(), receipt.machineKind(), receipt.start(), receipt.end(), body, hash, treatment,
                now));
        VisitStore.RecordedReceipt kept = outcome.receipt();
        if (outcome.fresh()) {
            LOG.info("receipt recorded [partner: {}, receipt: {}, member: {}, amount: {} {}, {}]", receipt.from(),
                    receipt.receiptId(), receipt.visitorId(), ChargingEngine.cents(receipt.amountCents()),
                    receipt.currency(), treatment.wire());
            if (treatment == VisitCharge.Treatment.CHARGED) {
                chargeSoon.run();
            }
            receiptsChanged.run();
        } else if (!kept.hash().equals(hash)) {
            LOG.warn("partner {} sent receipt {} again with another content; the first is kept", receipt.from(),
                    receipt.receiptId());
        }
        sink.publish(NetworkTopic.of(ownLab, receipt.from(), NetworkChannel.ACKS), Receipts.body(new ReceiptAck(
                Message.VERSION, ownLab, receipt.from(), now, List.of(new ReceiptAck.Recorded(receipt.receiptId(),
                kept.hash())))));
    }
}

package org.fablab.gateway.service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.fablab.gateway.billing.ChargeKey;
import org.fablab.gateway.billing.ConsumableRecord;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.PaymentMethod;
import org.fablab.gateway.billing.SessionCost;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.port.ChargeStore;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.LedgerStore;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.TariffStore;

/**
 * What the treasurer and fabmanagers write to the ledger by hand (payments, credits, reversals, coupon redemptions,
 * consumable records and their corrections) and what they read from it (entries, balances); the chain is checked by
 * a {@link LedgerAudit}, on connections of its own.
 * Every write goes through the {@link ChargingEngine}, which counts it in the member's balance. Blocking; thread-safe.
 */
public final class LedgerService {
    private final LedgerStore ledger;
    private final ChargeStore charges;
    private final TariffStore tariffs;
    private final ChargingEngine charging;
    private final Clock clock;
    private final String currency;

    /** @param currency ISO 4217 code of every entry, e.g. {@code EUR} */
    public LedgerService(LedgerStore ledger, ChargeStore charges, TariffStore tariffs, ChargingEngine charging,
                         Clock clock, String currency) {
        this.ledger = ledger;
        this.charges = charges;
        this.tariffs = tariffs;
        this.charging = charging;
        this.clock = clock;
        this.currency = currency;
    }

    private AuditEntry audit(Principal actor, AuditAction action, String subjectType, String subjectId) {
        return AuditEntry.of(clock.instant(), actor.actor(), action, subjectType, subjectId);
    }

    /**
     * Records a use of a consumable and charges it at once.
     *
     * @param source {@code member} when makers record their own, {@code fabmanager} otherwise
     * @throws NotFound when the item is not in the active catalogue
     */
    public ConsumableRecord recordConsumable(Principal actor, String memberId, Optional<String> sessionId,
                                             String itemId, long quantity, String source) {
        if (tariffs.catalogue().stream().noneMatch(i -> i.active() && i.item().itemId().equals(itemId))) {
            throw new NotFound(ErrorCode.CONSUMABLE_NOT_FOUND, itemId);
        }
        charges.memberBilling(memberId);
        ConsumableRecord record = ConsumableRecord.of(UUID.randomUUID().toString(), itemId, quantity)
                .member(memberId).session(sessionId).recorded(clock.instant(), actor.actor(), source).build();
        charges.recordConsumable(record, audit(actor, AuditAction.CONSUMABLE_RECORDED, "consumable-record", record.id())
                .member(memberId).with("quantity", quantity).with("item", itemId)
                .with("session", sessionId.orElse(null)));
        return charging.chargeNow(record.id());
    }

    /**
     * Corrects a record: reverses what was charged for it and, for a quantity above zero, records and charges the
     * corrected quantity as a new record.
     *
     * @return the new record, or the cancelled one when {@code quantity} is 0
     */
    public ConsumableRecord correctConsumable(Principal actor, String recordId, long quantity, String reason) {
        ConsumableRecord old = charges.consumableRecord(recordId)
                .orElseThrow(() -> new NotFound(ErrorCode.CONSUMABLE_RECORD_NOT_FOUND, recordId));
        String memberId = old.memberId()
                .orElseThrow(() -> new Conflict(ErrorCode.CONSUMABLE_RECORD_UNASSIGNED, recordId));
        if (old.chargedCents() == 0 && !ledger.entriesCausedBy(ChargeKey.consumable(recordId)).isEmpty()) {
            throw new Conflict(ErrorCode.CONSUMABLE_RECORD_CORRECTED, recordId);
        }
        charging.cancelCharges(old, memberId, reason, entry -> audit(actor, AuditAction.LEDGER_REVERSED, "ledger-entry",
                Long.toString(entry.sequence())).member(memberId).reason(reason).with("entry", entry.sequence()));
        if (quantity == 0) {
            return charges.consumableRecord(recordId).orElseThrow();
        }
        ConsumableRecord corrected = old.correctedTo(UUID.randomUUID().toString(), quantity, clock.instant(),
                actor.actor());
        charges.recordConsumable(corrected, audit(actor, AuditAction.CONSUMABLE_CORRECTED, "consumable-record", recordId)
                .member(memberId).reason(reason).with("before", old.quantity()).with("after", quantity)
                .with("record", corrected.id()));
        return charging.chargeNow(corrected.id());
    }

    public Optional<ConsumableRecord> consumableRecord(String id) {
        return charges.consumableRecord(id);
    }

    public List<ConsumableRecord> consumableRecords(Optional<String> memberId, Optional<LocalDate> from,
                                                    Optional<LocalDate> to, int limit) {
        return charges.consumableRecords(memberId, from, to, limit);
    }

    /** See {@link LedgerStore#machineNames}. */
    public Map<String, String> machineNames(Collection<String> causes) {
        return ledger.machineNames(causes);
    }

    public LedgerEntry payment(Principal actor, String memberId, long receivedCents, Optional<LocalDate> date,
                               PaymentMethod method, String reference) {
        LedgerDraft draft = new LedgerDraft(date.orElse(charging.today()), memberId, LedgerKind.PAYMENT,
                -receivedCents, currency, "payment:" + reference, "payment " + reference, 0);
        AuditEntry audit = audit(actor, AuditAction.LEDGER_PAYMENT, "member", memberId).member(memberId)
                .with("amountCents", receivedCents).with("currency", currency).with("reference", reference);
        return charging.post(() -> ledger.writePayment(draft, method, audit));
    }

    public LedgerEntry credit(Principal actor, String memberId, long cents, String label) {
        LedgerDraft draft = new LedgerDraft(charging.today(), memberId, LedgerKind.CREDIT, -cents, currency,
                "credit:" + UUID.randomUUID(), label, 0);
        return manual(draft, audit(actor, AuditAction.LEDGER_CREDIT, "member", memberId).member(memberId)
                .with("amountCents", cents).with("currency", currency).with("label", label));
    }

    public LedgerEntry reverse(Principal actor, long sequence, String reason) {
        LedgerEntry entry = ledger.entry(sequence)
                .orElseThrow(() -> new NotFound(ErrorCode.LEDGER_ENTRY_NOT_FOUND, sequence));
        if (!ledger.entriesCausedBy(ChargeKey.reversal(sequence)).isEmpty()) {
            throw new Conflict(ErrorCode.LEDGER_ALREADY_REVERSED, sequence);
        }
        return manual(LedgerChain.reverse(entry, reason, charging.today()), audit(actor, AuditAction.LEDGER_REVERSED,
                "ledger-entry", Long.toString(sequence)).member(entry.memberId()).reason(reason).with("entry", sequence));
    }

    private LedgerEntry manual(LedgerDraft draft, AuditEntry audit) {
        return charging.post(() -> ledger.writeEntry(draft, audit));
    }

    public LedgerEntry redeemCoupon(Principal actor, String code, String memberId) {
        return charging.post(() -> ledger.redeemCoupon(code, memberId, charging.today(), currency, clock.instant(),
                audit(actor, AuditAction.COUPON_REDEEMED, "coupon", code).member(memberId).with("code", code)));
    }

    public List<LedgerStore.LedgerLine> ledger(LedgerStore.LedgerFilter filter) {
        return ledger.ledger(filter);
    }

    /**
     * What each stored session (by node and session id, {@link ChargeKey#session(String, String)}) cost its member,
     * read in one query; a session the ledger has not written is {@link SessionCost#PENDING}.
     *
     * @return the costs by charge key
     */
    public Map<String, SessionCost> sessionCosts(Collection<String> sessionKeys) {
        Map<String, LedgerStore.CauseTotal> totals = ledger.causeTotals(sessionKeys);
        Map<String, SessionCost> costs = new HashMap<>();
        for (String key : sessionKeys) {
            LedgerStore.CauseTotal total = totals.get(key);
            costs.put(key, total == null ? SessionCost.PENDING : SessionCost.written(total.netCents()));
        }
        return costs;
    }

    public List<LedgerStore.Balance> balances() {
        return ledger.balances();
    }
}

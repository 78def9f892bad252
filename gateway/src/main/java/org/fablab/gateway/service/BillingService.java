package org.fablab.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.fablab.gateway.access.BalanceCheck;
import org.fablab.gateway.billing.BilledSession;
import org.fablab.gateway.billing.CatalogueItem;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.billing.Charge;
import org.fablab.gateway.billing.ChargeKey;
import org.fablab.gateway.billing.ConsumableUse;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.billing.Pricing;
import org.fablab.gateway.billing.Statement;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.port.BillingStore.ConsumableRecord;
import org.fablab.gateway.port.BillingStore.PendingSession;
import org.fablab.gateway.port.BillingStore;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.LedgerStore;
import org.fablab.gateway.port.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns ended sessions, consumable records and plan months into ledger charges, and carries out what the treasurer
 * and fabmanagers do to prices and the ledger. Charging catches up from the database (whatever is ended or recorded
 * and not charged yet), so nothing is lost when the gateway stops between storing an event and charging it, and the
 * store's unique causes make charging twice impossible. Keeps each member's balance in memory for the live
 * {@link BalanceCheck}. Blocking; thread-safe.
 */
public final class BillingService implements BalanceCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BillingService.class);
    private static final int BATCH = 200;

    private final BillingStore store;
    private final LedgerStore ledger;
    private final Clock clock;
    private final ZoneId zone;
    private final String currency;
    private final String issuer;
    private final Runnable accessChanged;
    private final ReentrantLock charging = new ReentrantLock();
    private final ScheduledExecutorService worker;
    private final AtomicBoolean catchUpPending = new AtomicBoolean();
    private final Map<String, Long> owed = new ConcurrentHashMap<>();
    private volatile BillingStore.Settings settings;

    /**
     * @param currency      ISO 4217 code of every entry, e.g. {@code EUR}
     * @param issuer        who issues the statements, as printed on them: the lab's name and address lines
     * @param accessChanged called when a member's balance crosses the prepaid minimum, so ACLs are rebuilt
     */
    public BillingService(BillingStore store, LedgerStore ledger, Clock clock, ZoneId zone, String currency,
                          String issuer, Runnable accessChanged) {
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
        this.zone = zone;
        this.currency = currency;
        this.issuer = issuer;
        this.accessChanged = accessChanged;
        this.settings = store.settings();
        this.owed.putAll(store.owedByMember());
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fablab-billing");
            thread.setDaemon(true);
            return thread;
        });
        // plan fees fall due at the turn of a month, when no node event may come to trigger a catch-up
        worker.scheduleWithFixedDelay(this::chargeSoon, 1, 1, TimeUnit.HOURS);
    }

    public String currency() {
        return currency;
    }

    /** Asks for a catch-up soon; calls while one is pending coalesce into it. Never blocks. */
    public void chargeSoon() {
        if (catchUpPending.compareAndSet(false, true)) {
            worker.execute(() -> {
                catchUpPending.set(false);
                try {
                    catchUp();
                } catch (RuntimeException e) {
                    LOG.error("charging failed, will retry at the next event: {}", e.getMessage(), e);
                }
            });
        }
    }

    /** Charges every ended session, recorded consumable and plan month not charged yet; returns how many causes. */
    public int catchUp() {
        charging.lock();
        try {
            Tariffs tariffs = tariffs();
            YearMonth month = YearMonth.from(today());
            return drain(() -> store.pendingSessions(BATCH),
                    s -> ChargeKey.session(sessionKey(s.nodeId(), s.sessionId())), PendingSession::memberId,
                    s -> chargeSession(tariffs, s))
                    + drain(() -> store.pendingConsumables(BATCH), r -> ChargeKey.consumable(r.id()),
                    r -> r.memberId().orElse(null), r -> chargeConsumable(tariffs, r))
                    + drain(() -> store.membersOwingPlanFee(month), m -> ChargeKey.planFee(m, month), m -> m,
                    m -> chargePlanFee(m, month));
        } finally {
            charging.unlock();
        }
    }

    /**
     * Charges batches from {@code pending} until one comes back short. A cause whose charge fails on its data (an
     * amount beyond a {@code long}, an item gone from the catalogue) is parked with the reason, logged once, and left
     * out of the next batches and catch-ups, so it neither stops the others nor is lost: the treasurer sees it and
     * may retry it. A failing store stops the catch-up (the next event or the hourly tick starts another). Returns
     * how many were charged.
     */
    private <T> int drain(Supplier<List<T>> pending, Function<T, String> cause, Function<T, String> member,
                          Consumer<T> charge) {
        int done = 0;
        List<T> batch;
        do {
            batch = pending.get();
            for (T item : batch) {
                try {
                    charge.accept(item);
                    done++;
                } catch (ArithmeticException | IllegalArgumentException | NoSuchElementException | NotFound e) {
                    String key = cause.apply(item);
                    store.park(key, member.apply(item), String.valueOf(e.getMessage()));
                    LOG.warn("charge parked until a treasurer retries it [cause: {}]: {}", key, e.toString());
                }
            }
        } while (batch.size() == BATCH);
        return done;
    }

    /** Causes pricing refused, oldest first; catch-up skips them until {@link #retryParked}. */
    public List<BillingStore.ParkedCause> parkedCauses() {
        return store.parkedCauses();
    }

    /**
     * Puts a parked cause back in the queue and charges what is pending (parking it again if it still fails).
     *
     * @throws NotFound when the cause is not parked
     */
    public void retryParked(Principal actor, String cause) {
        store.unpark(cause, audit(actor, "billing.parked.retry", "cause", cause));
        chargeSoon();
    }

    private void chargePlanFee(String memberId, YearMonth month) {
        BillingStore.PlanRecord plan = store.memberBilling(memberId).plan()
                .orElseThrow(() -> new NotFound("member " + memberId + " has no plan"));
        write(Pricing.planFee(memberId, plan.plan(), month), month.atDay(1), new BillingStore.LineFacts(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "plan"));
    }

    /** What prices a cause, read once per catch-up rather than once per cause. */
    private record Tariffs(Map<String, PriceList> prices, FreeWindows free, Map<String, CatalogueItem> items) {
    }

    private Tariffs tariffs() {
        return new Tariffs(store.priceLists().stream().collect(Collectors.toMap(PriceList::machineKind, p -> p)),
                store.freeWindows(), store.catalogue().stream().map(BillingStore.ItemRecord::item)
                .collect(Collectors.toMap(CatalogueItem::itemId, i -> i)));
    }

    private void chargeSession(Tariffs tariffs, PendingSession s) {
        String key = ChargeKey.session(sessionKey(s.nodeId(), s.sessionId()));
        BillingStore.LineFacts facts = new BillingStore.LineFacts(Optional.of(s.nodeId()), Optional.of(s.sessionId()),
                Optional.of(s.machineId()), Optional.empty(), s.machineKind());
        Optional<PriceList> prices = Optional.ofNullable(tariffs.prices().get(s.machineKind()));
        LocalDate endDate = s.end().atZone(zone).toLocalDate();
        if (prices.isEmpty()) {
            LOG.info("session {} on {} is free: no price list for {}", s.sessionId(), s.machineId(), s.machineKind());
            write(new Charge(key, s.memberId(), List.of(), List.of()), endDate, facts);
            return;
        }
        BilledSession session;
        try {
            // active time arrives in whole seconds and may round above a short session's wall time
            session = new BilledSession(sessionKey(s.nodeId(), s.sessionId()), s.memberId(), s.machineKind(),
                    s.start(), s.end(), Duration.ofMillis(Math.min(s.busyMillis(),
                            Math.max(0, Duration.between(s.start(), s.end()).toMillis()))));
        } catch (IllegalArgumentException bad) {
            LOG.warn("session {} on {} is not charged: {}", s.sessionId(), s.machineId(), bad.getMessage());
            write(new Charge(key, s.memberId(), List.of(), List.of()), endDate, facts);
            return;
        }
        BillingStore.MemberBilling member = store.memberBilling(s.memberId());
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = s.start().atZone(zone).toLocalDate(); !day.isAfter(endDate); day = day.plusDays(1)) {
            days.add(day);
        }
        Charge charge = Pricing.session(session, prices.get(), tariffs.free(),
                store.terms(member, s.machineKind(), days), zone);
        write(charge, endDate, facts);
    }

    private void chargeConsumable(Tariffs tariffs, ConsumableRecord record) {
        String memberId = record.memberId().orElseThrow();
        CatalogueItem item = Optional.ofNullable(tariffs.items().get(record.itemId()))
                .orElseThrow(() -> new NotFound("no consumable " + record.itemId()));
        MemberGroup group = store.memberBilling(memberId).group().orElse(null);
        Charge charge = Pricing.consumable(new ConsumableUse(record.id(), memberId, record.sessionId().orElse(null),
                record.itemId(), record.quantity()), item, group);
        write(charge, record.recordedAt().atZone(zone).toLocalDate(), new BillingStore.LineFacts(record.nodeId(),
                record.sessionId(), record.machineId(), Optional.of(record.itemId()), "consumable"));
    }

    private void write(Charge charge, LocalDate date, BillingStore.LineFacts facts) {
        store.writeCharge(new BillingStore.ChargeWrite(charge, date, currency, facts))
                .ifPresent(entries -> entries.forEach(this::counted));
    }

    /** Adds a written entry to its member's balance and rebuilds ACLs when that crosses the prepaid minimum. */
    private void counted(LedgerEntry entry) {
        long before = owed.getOrDefault(entry.memberId(), 0L);
        long after = owed.merge(entry.memberId(), entry.amountCents(), Long::sum);
        if (belowMinimum(before) != belowMinimum(after)) {
            accessChanged.run();
        }
    }

    private boolean belowMinimum(long owedCents) {
        return settings.minimumBalanceCents().map(minimum -> -owedCents < minimum).orElse(false);
    }

    @Override
    public Optional<String> shortfall(String memberId, String machineId) {
        long owedCents = owed.getOrDefault(memberId, 0L);
        if (!belowMinimum(owedCents)) {
            return Optional.empty();
        }
        return Optional.of("balance " + cents(-owedCents) + " " + currency + " below the minimum "
                + cents(settings.minimumBalanceCents().orElseThrow()) + " " + currency);
    }

    private static String cents(long amount) {
        return String.format(Locale.ROOT, "%s%d.%02d", amount < 0 ? "-" : "", Math.abs(amount) / 100,
                Math.abs(amount) % 100);
    }

    /** What {@code memberId} owes (positive) or has in credit (negative). */
    public long owed(String memberId) {
        return owed.getOrDefault(memberId, 0L);
    }

    /** Today in the lab's zone. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    private AuditEntry audit(Principal actor, String action, String subjectType, String subjectId) {
        return AuditEntry.of(clock.instant(), actor.actor(), action, subjectType, subjectId);
    }

    public BillingStore.Settings settings() {
        return settings;
    }

    public void saveSettings(Principal actor, BillingStore.Settings newSettings) {
        store.saveSettings(newSettings, audit(actor, "billing.settings.changed", "billing", "settings")
                .detail("minimum balance " + newSettings.minimumBalanceCents().map(BillingService::cents)
                        .orElse("none")));
        settings = newSettings;
        accessChanged.run();
    }

    public List<PriceList> priceLists() {
        return store.priceLists();
    }

    public PriceList savePriceList(Principal actor, PriceList prices) {
        store.savePriceList(prices, clock.instant(), audit(actor, "price-list.saved", "price-list",
                prices.machineKind()).detail(prices.toString()));
        return prices;
    }

    public List<BillingStore.PlanRecord> plans() {
        return store.plans();
    }

    public BillingStore.PlanRecord savePlan(Principal actor, BillingStore.PlanRecord plan) {
        store.savePlan(plan, audit(actor, "plan.saved", "plan", plan.id()).detail(plan.toString()));
        return plan;
    }

    public void assignPlan(Principal actor, String memberId, Optional<String> planId) {
        store.assignPlan(memberId, planId, audit(actor, "member.plan.changed", "member", memberId).member(memberId)
                .detail(planId.orElse("no plan")));
        chargeSoon();
    }

    public List<MemberGroup> groups() {
        return store.groups();
    }

    public MemberGroup saveGroup(Principal actor, MemberGroup group) {
        store.saveGroup(group, audit(actor, "group.saved", "group", group.name()).detail(group.toString()));
        return group;
    }

    public FreeWindows freeWindows() {
        return store.freeWindows();
    }

    public FreeWindows saveFreeWindows(Principal actor, FreeWindows windows) {
        store.saveFreeWindows(windows, audit(actor, "free-windows.saved", "billing", "free-windows")
                .detail(windows.toString()));
        return windows;
    }

    public List<BillingStore.ItemRecord> catalogue() {
        return store.catalogue();
    }

    public BillingStore.ItemRecord saveItem(Principal actor, BillingStore.ItemRecord item) {
        store.saveItem(item, audit(actor, "consumable.saved", "consumable", item.item().itemId())
                .detail(item.toString()));
        return item;
    }

    /**
     * Records a use of a consumable and charges it at once.
     *
     * @param source {@code member} when makers record their own, {@code fabmanager} otherwise
     * @throws NotFound when the item is not in the active catalogue
     */
    public ConsumableRecord recordConsumable(Principal actor, String memberId, Optional<String> sessionId,
                                             String itemId, long quantity, String source) {
        if (store.catalogue().stream().noneMatch(i -> i.active() && i.item().itemId().equals(itemId))) {
            throw new NotFound("no consumable " + itemId + " in the catalogue");
        }
        store.memberBilling(memberId);
        ConsumableRecord record = new ConsumableRecord(UUID.randomUUID().toString(), Optional.of(memberId),
                Optional.empty(), sessionId, Optional.empty(), itemId, quantity, clock.instant(), actor.actor(),
                source, 0);
        store.recordConsumable(record, audit(actor, "consumable.recorded", "consumable-record", record.id())
                .member(memberId).detail(quantity + " × " + itemId + sessionId.map(s -> " in session " + s).orElse("")));
        return chargeNow(record.id());
    }

    /**
     * Corrects a record: reverses what was charged for it and, for a quantity above zero, records and charges the
     * corrected quantity as a new record.
     *
     * @return the new record, or the cancelled one when {@code quantity} is 0
     */
    public ConsumableRecord correctConsumable(Principal actor, String recordId, long quantity, String reason) {
        ConsumableRecord old = store.consumableRecord(recordId)
                .orElseThrow(() -> new NotFound("no consumable record " + recordId));
        String memberId = old.memberId().orElseThrow(() -> new Conflict("record " + recordId + " has no member yet"));
        if (old.chargedCents() == 0 && !store.entriesCausedBy(ChargeKey.consumable(recordId)).isEmpty()) {
            throw new Conflict("record " + recordId + " was already corrected");
        }
        charging.lock();
        try {
            for (LedgerEntry entry : store.entriesCausedBy(ChargeKey.consumable(recordId))) {
                counted(store.writeEntry(LedgerChain.reverse(entry, reason, today()),
                        audit(actor, "ledger.reversed", "ledger-entry", Long.toString(entry.sequence()))
                                .member(memberId).reason(reason)));
            }
            if (store.entriesCausedBy(ChargeKey.consumable(recordId)).isEmpty()) {
                store.writeCharge(new BillingStore.ChargeWrite(new Charge(ChargeKey.consumable(recordId), memberId,
                        List.of(), List.of()), today(), currency, new BillingStore.LineFacts(Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.of(old.itemId()), "consumable")));
            }
        } finally {
            charging.unlock();
        }
        if (quantity == 0) {
            return store.consumableRecord(recordId).orElseThrow();
        }
        ConsumableRecord corrected = new ConsumableRecord(UUID.randomUUID().toString(), old.memberId(), old.nodeId(),
                old.sessionId(), Optional.empty(), old.itemId(), quantity, clock.instant(), actor.actor(),
                "correction", 0);
        store.recordConsumable(corrected, audit(actor, "consumable.corrected", "consumable-record", recordId)
                .member(memberId).reason(reason).detail(old.quantity() + " → " + quantity + ", new record "
                        + corrected.id()));
        return chargeNow(corrected.id());
    }

    private ConsumableRecord chargeNow(String recordId) {
        charging.lock();
        try {
            ConsumableRecord record = store.consumableRecord(recordId).orElseThrow();
            chargeConsumable(tariffs(), record);
            return store.consumableRecord(recordId).orElseThrow();
        } finally {
            charging.unlock();
        }
    }

    public Optional<ConsumableRecord> consumableRecord(String id) {
        return store.consumableRecord(id);
    }

    public List<ConsumableRecord> consumableRecords(Optional<String> memberId, Optional<LocalDate> from,
                                                    Optional<LocalDate> to, int limit) {
        return store.consumableRecords(memberId, from, to, limit);
    }

    public LedgerEntry payment(Principal actor, String memberId, long receivedCents, Optional<LocalDate> date,
                               String reference) {
        LedgerDraft draft = new LedgerDraft(date.orElse(today()), memberId, LedgerKind.PAYMENT, -receivedCents,
                currency, "payment:" + reference, "payment " + reference, 0);
        return manual(draft, audit(actor, "ledger.payment", "member", memberId).member(memberId)
                .detail(cents(receivedCents) + " " + currency + " ref " + reference));
    }

    public LedgerEntry credit(Principal actor, String memberId, long cents, String label) {
        LedgerDraft draft = new LedgerDraft(today(), memberId, LedgerKind.CREDIT, -cents, currency,
                "credit:" + UUID.randomUUID(), label, 0);
        return manual(draft, audit(actor, "ledger.credit", "member", memberId).member(memberId)
                .detail(cents(cents) + " " + currency + ": " + label));
    }

    public LedgerEntry reverse(Principal actor, long sequence, String reason) {
        LedgerEntry entry = store.entry(sequence).orElseThrow(() -> new NotFound("no ledger entry " + sequence));
        if (!store.entriesCausedBy(ChargeKey.reversal(sequence)).isEmpty()) {
            throw new Conflict("entry #" + sequence + " is already reversed");
        }
        return manual(LedgerChain.reverse(entry, reason, today()), audit(actor, "ledger.reversed", "ledger-entry",
                Long.toString(sequence)).member(entry.memberId()).reason(reason));
    }

    private LedgerEntry manual(LedgerDraft draft, AuditEntry audit) {
        charging.lock();
        try {
            LedgerEntry entry = store.writeEntry(draft, audit);
            counted(entry);
            return entry;
        } finally {
            charging.unlock();
        }
    }

    public List<BillingStore.LedgerLine> ledger(BillingStore.LedgerFilter filter) {
        return store.ledger(filter);
    }

    public ChainCheck verify() {
        return new LedgerAudit(ledger, store).verify();
    }

    public List<BillingStore.Balance> balances() {
        return store.balances();
    }

    public List<BillingStore.Coupon> coupons() {
        return store.coupons();
    }

    public BillingStore.Coupon createCoupon(Principal actor, BillingStore.Coupon coupon) {
        store.createCoupon(coupon, clock.instant(), audit(actor, "coupon.created", "coupon", coupon.code())
                .detail(cents(coupon.amountCents()) + " " + currency + " × " + coupon.maxRedemptions()));
        return coupon;
    }

    public LedgerEntry redeemCoupon(Principal actor, String code, String memberId) {
        charging.lock();
        try {
            LedgerEntry entry = store.redeemCoupon(code, memberId, today(), currency, clock.instant(),
                    audit(actor, "coupon.redeemed", "coupon", code).member(memberId));
            counted(entry);
            return entry;
        } finally {
            charging.unlock();
        }
    }

    public List<BillingStore.ClosedPeriod> closedPeriods() {
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
    public BillingStore.ClosedPeriod closePeriod(Principal actor, YearMonth month) {
        if (!month.isBefore(YearMonth.from(today()))) {
            throw new Conflict(month + " is not over yet");
        }
        charging.lock();
        try {
            catchUp();
            return store.closePeriod(month, clock.instant(), actor.actor(),
                    audit(actor, "period.closed", "period", month.toString()));
        } finally {
            charging.unlock();
        }
    }

    public List<BillingStore.IssuedStatement> issueStatements(Principal actor, YearMonth month) {
        return store.issueStatements(month, clock.instant(), audit(actor, "statements.issued", "period",
                month.toString()));
    }

    public List<BillingStore.IssuedStatement> statements(Optional<YearMonth> month, Optional<String> memberId) {
        return store.statements(month, memberId);
    }

    /** The issued statement with its record (member name, ledger head). */
    public IssuedView statement(String number) {
        BillingStore.IssuedWithLines stored = store.statement(number);
        return new IssuedView(stored.statement(), Optional.of(stored.issued()), currency, issuer);
    }

    public IssuedView draftStatement(String memberId, YearMonth month) {
        return new IssuedView(store.draftStatement(memberId, month), Optional.empty(), currency, issuer);
    }

    /** A statement as the API shows it: the lines and totals, and the issue record when it is numbered. */
    public record IssuedView(Statement statement, Optional<BillingStore.IssuedStatement> issued, String currency,
                             String issuer) {
    }

    /** The session's id in charge keys: node ids make two nodes' session ids distinct. */
    private static String sessionKey(String nodeId, String sessionId) {
        return nodeId + ":" + sessionId;
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

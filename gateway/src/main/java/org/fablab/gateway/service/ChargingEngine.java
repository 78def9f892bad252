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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.fablab.gateway.billing.Charge;
import org.fablab.gateway.billing.ChargeKey;
import org.fablab.gateway.billing.ConsumableRecord;
import org.fablab.gateway.billing.ConsumableUse;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.billing.Pricing;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.network.NetworkAccount;
import org.fablab.gateway.network.VisitPricing;
import org.fablab.gateway.network.Visitor;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.ChargeStore;
import org.fablab.gateway.port.ChargeStore.ChargeWrite;
import org.fablab.gateway.port.ChargeStore.LineFacts;
import org.fablab.gateway.port.ChargeStore.PendingSession;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.LedgerStore;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.TariffStore;
import org.fablab.gateway.port.TariffStore.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns ended sessions, consumable records and plan months into ledger charges, and keeps each member's balance in
 * memory for the live {@link BalanceCheck}. Charging catches up from the database (whatever is ended or recorded and
 * not charged yet), so nothing is lost when the gateway stops between storing an event and charging it, and the
 * store's unique causes make charging twice impossible. Blocking; thread-safe.
 *
 * <p>Why this is safe under concurrency: every ledger write of the gateway passes through this one instance, and
 * always while holding {@code charging}. Catch-ups run on the engine's own {@code fablab-billing} thread when
 * {@link #chargeSoon} is asked (after a node event, every hour, after a plan change or a retry), or on the caller's
 * thread through {@link #catchUp}, {@link #afterCatchUp} (closing a month) and {@link #chargeNow} (a record made by
 * hand); the treasurer's entries, coupon credits and reversals come from request threads through {@link #post} and
 * {@link #cancelCharges}. So no two writes interleave: a catch-up cannot charge a record that a correction is
 * cancelling, and no charge lands between a month's last catch-up and its closing. Each write adds what the store
 * accepted to {@code owed} in the same hold of the lock, so the balance cache moves by exactly the entries written, in
 * ledger order, and a crossing of the prepaid minimum is seen once. The lock does not keep the hash chain whole: the
 * store does that on its own, retrying an append that raced for a sequence, and its unique causes refuse a second
 * charge. Readers take no lock: {@link #shortfall} and {@link #owed} (called from access decisions on ingestion and
 * request threads) read a concurrent map whose values are replaced whole, and {@code settings} is volatile.
 *
 * <p>Other gateway instances on the same database write entries this cache does not see: each instance tells the
 * others through the {@link ChangeFeed} which member's balance moved, and they read it again from the ledger, on the
 * engine's thread under the lock (docs/architecture.md, "Several instances").
 */
public final class ChargingEngine implements BalanceCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChargingEngine.class);
    private static final int BATCH = 200;

    private final ChargeStore charges;
    private final TariffStore tariffs;
    private final LedgerStore ledger;
    private final Clock clock;
    private final ZoneId zone;
    private final String currency;
    private final Runnable accessChanged;
    private final ChangeFeed feed;
    private final ReentrantLock charging = new ReentrantLock();
    private final ScheduledExecutorService worker;
    private final AtomicBoolean catchUpPending = new AtomicBoolean();
    private final Map<String, Long> owed = new ConcurrentHashMap<>();
    private final List<Runnable> chargedListeners = new CopyOnWriteArrayList<>();
    private volatile Settings settings;

    /**
     * @param currency      ISO 4217 code of every entry, e.g. {@code EUR}
     * @param accessChanged called when a member's balance crosses the prepaid minimum, so ACLs are rebuilt
     * @param hourly        held by the one gateway instance that runs the hourly catch-up
     * @param feed          where each balance change is told to the other gateway instances on this database
     */
    public ChargingEngine(ChargeStore charges, TariffStore tariffs, LedgerStore ledger, Clock clock, ZoneId zone,
                          String currency, Runnable accessChanged, JobLease hourly, ChangeFeed feed) {
        this.charges = charges;
        this.tariffs = tariffs;
        this.ledger = ledger;
        this.clock = clock;
        this.zone = zone;
        this.currency = currency;
        this.accessChanged = accessChanged;
        this.feed = feed;
        this.settings = tariffs.settings();
        this.owed.putAll(ledger.owedByMember());
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fablab-billing");
            thread.setDaemon(true);
            return thread;
        });
        // plan fees fall due at the turn of a month, when no node event may come to trigger a catch-up; one instance
        // is enough for that, the others still catch up after their own events
        worker.scheduleWithFixedDelay(() -> {
            if (hourly.held()) {
                chargeSoon();
            }
        }, 1, 1, TimeUnit.HOURS);
    }

    /** Runs {@code listener} after each catch-up {@link #chargeSoon} started that charged something; must not block. */
    public void onCharged(Runnable listener) {
        chargedListeners.add(listener);
    }

    /** Asks for a catch-up soon; calls while one is pending coalesce into it. Never blocks. */
    public void chargeSoon() {
        if (catchUpPending.compareAndSet(false, true)) {
            worker.execute(() -> {
                catchUpPending.set(false);
                try {
                    if (catchUp() > 0) {
                        chargedListeners.forEach(Runnable::run);
                    }
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
            Tariffs prices = tariffs();
            YearMonth month = YearMonth.from(today());
            return drain(() -> charges.pendingSessions(BATCH),
                    s -> ChargeKey.session(s.nodeId(), s.sessionId()), PendingSession::memberId,
                    s -> chargeSession(prices, s))
                    + drain(() -> charges.pendingConsumables(BATCH), r -> ChargeKey.consumable(r.id()),
                    r -> r.memberId().orElse(null), r -> chargeConsumable(prices, r))
                    + drain(() -> charges.membersOwingPlanFee(month), m -> ChargeKey.planFee(m, month), m -> m,
                    m -> chargePlanFee(m, month))
                    + drain(() -> charges.pendingVisits(BATCH), v -> ChargeKey.visit(v.partnerId(), v.receiptId()),
                    ChargeStore.PendingVisit::memberId, this::chargeVisit);
        } finally {
            charging.unlock();
        }
    }

    /** Charges what is pending, then runs {@code work} before any other charge or entry can be written. */
    public <T> T afterCatchUp(Supplier<T> work) {
        charging.lock();
        try {
            catchUp();
            return work.get();
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
                    charges.park(key, member.apply(item), String.valueOf(e.getMessage()));
                    LOG.warn("charge parked until a treasurer retries it [cause: {}]: {}", key, e.toString());
                }
            }
        } while (batch.size() == BATCH);
        return done;
    }

    /** Causes pricing refused, oldest first; catch-up skips them until {@link #retryParked}. */
    public List<ChargeStore.ParkedCause> parkedCauses() {
        return charges.parkedCauses();
    }

    /**
     * Puts a parked cause back in the queue and charges what is pending (parking it again if it still fails).
     *
     * @throws NotFound when the cause is not parked
     */
    public void retryParked(Principal actor, String cause) {
        charges.unpark(cause, AuditEntry.of(clock.instant(), actor.actor(), AuditAction.BILLING_PARKED_RETRY, "cause", cause));
        chargeSoon();
    }

    private void chargePlanFee(String memberId, YearMonth month) {
        TariffStore.PlanRecord plan = charges.memberBilling(memberId).plan()
                .orElseThrow(() -> new NotFound(ErrorCode.MEMBER_WITHOUT_PLAN, memberId));
        write(Pricing.planFee(memberId, plan.plan(), month), month.atDay(1), LineFacts.planFee());
    }

    /**
     * Charges our member a partner's receipt for their visit, in our currency only: a receipt in another is parked
     * for the treasurer, who settles it by hand.
     */
    private void chargeVisit(ChargeStore.PendingVisit visit) {
        if (!visit.currency().equals(currency)) {
            throw new IllegalArgumentException("receipt in " + visit.currency() + ", our ledger is in " + currency);
        }
        charges.memberBilling(visit.memberId());
        LocalDate day = visit.end().atZone(zone).toLocalDate();
        write(Pricing.visit(visit.partnerId(), visit.receiptId(), visit.memberId(), "visit at " + visit.partnerName()
                + ": " + visit.machineKind() + " " + day, visit.amountCents()), day, LineFacts.visit());
    }

    /**
     * What prices a cause, read once per catch-up rather than once per cause: our price lists, the network's (for
     * the visitors of partners whose agreement names them), the free windows and the catalogue.
     */
    private record Tariffs(Map<String, PriceList> prices, Map<String, PriceList> networkPrices, FreeWindows free,
                           Map<String, CatalogueItem> items) {
        /** The price list of {@code kind} among those {@code pricing} names; empty when it has none (free time). */
        Optional<PriceList> pricesFor(VisitPricing pricing, String kind) {
            return Optional.ofNullable((pricing == VisitPricing.NETWORK ? networkPrices : prices).get(kind));
        }
    }

    private Tariffs tariffs() {
        return new Tariffs(byKind(tariffs.priceLists()), byKind(tariffs.networkPriceLists()), tariffs.freeWindows(),
                tariffs.catalogue().stream().map(TariffStore.ItemRecord::item)
                        .collect(Collectors.toMap(CatalogueItem::itemId, i -> i)));
    }

    private static Map<String, PriceList> byKind(List<PriceList> lists) {
        return lists.stream().collect(Collectors.toMap(PriceList::machineKind, p -> p));
    }

    private void chargeSession(Tariffs tariffs, PendingSession s) {
        String key = ChargeKey.session(s.nodeId(), s.sessionId());
        LineFacts facts = LineFacts.session(s.nodeId(), s.sessionId(), s.machineId(), s.machineKind());
        // a partner lab's visitor is priced as themself, at the prices their lab's agreement names (ours or the
        // network's), and charged to their home lab's account
        ChargeStore.MemberBilling member = charges.memberBilling(s.memberId());
        Optional<PriceList> prices = tariffs.pricesFor(member.pricing(), s.machineKind());
        String account = Visitor.partnerOf(s.memberId()).map(NetworkAccount::of).orElse(s.memberId());
        LocalDate endDate = s.end().atZone(zone).toLocalDate();
        if (prices.isEmpty()) {
            LOG.info("session {} on {} is free: no {} for {}", s.sessionId(), s.machineId(),
                    member.pricing() == VisitPricing.NETWORK ? "network price list" : "price list", s.machineKind());
            write(new Charge(key, s.memberId(), List.of(), List.of()), account, endDate, facts);
            return;
        }
        BilledSession session;
        try {
            // active time arrives in whole seconds and may round above a short session's wall time
            session = new BilledSession(ChargeKey.storedSession(s.nodeId(), s.sessionId()), s.memberId(), s.machineKind(),
                    s.start(), s.end(), Duration.ofMillis(Math.min(s.busyMillis(),
                            Math.max(0, Duration.between(s.start(), s.end()).toMillis()))));
        } catch (IllegalArgumentException bad) {
            LOG.warn("session {} on {} is not charged: {}", s.sessionId(), s.machineId(), bad.getMessage());
            write(new Charge(key, s.memberId(), List.of(), List.of()), account, endDate, facts);
            return;
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = s.start().atZone(zone).toLocalDate(); !day.isAfter(endDate); day = day.plusDays(1)) {
            days.add(day);
        }
        Charge charge = Pricing.session(session, prices.get(), tariffs.free(),
                charges.terms(member, s.machineKind(), days), zone);
        write(charge, account, endDate, facts);
    }

    private void chargeConsumable(Tariffs tariffs, ConsumableRecord record) {
        String memberId = record.memberId().orElseThrow();
        CatalogueItem item = Optional.ofNullable(tariffs.items().get(record.itemId()))
                .orElseThrow(() -> new NotFound(ErrorCode.CONSUMABLE_NOT_FOUND, record.itemId()));
        MemberGroup group = charges.memberBilling(memberId).group().orElse(null);
        Charge charge = Pricing.consumable(new ConsumableUse(record.id(), memberId, record.sessionId().orElse(null),
                record.itemId(), record.quantity()), item, group);
        write(charge, record.recordedAt().atZone(zone).toLocalDate(), LineFacts.consumable(record));
    }

    private void write(Charge charge, LocalDate date, LineFacts facts) {
        write(charge, charge.memberId(), date, facts);
    }

    private void write(Charge charge, String account, LocalDate date, LineFacts facts) {
        charges.writeCharge(new ChargeWrite(charge, account, date, currency, facts))
                .ifPresent(entries -> entries.forEach(this::counted));
    }

    /** Charges one stored consumable record at once and returns it as charged. */
    public ConsumableRecord chargeNow(String recordId) {
        charging.lock();
        try {
            ConsumableRecord record = charges.consumableRecord(recordId).orElseThrow();
            chargeConsumable(tariffs(), record);
            return charges.consumableRecord(recordId).orElseThrow();
        } finally {
            charging.unlock();
        }
    }

    /**
     * Reverses what was charged for {@code record}, each reversal audited by {@code audit}; when nothing was charged
     * yet, marks it charged with nothing, so that no catch-up charges it afterwards.
     */
    public void cancelCharges(ConsumableRecord record, String memberId, String reason,
                              Function<LedgerEntry, AuditEntry> audit) {
        String cause = ChargeKey.consumable(record.id());
        charging.lock();
        try {
            for (LedgerEntry entry : ledger.entriesCausedBy(cause)) {
                counted(ledger.writeEntry(LedgerChain.reverse(entry, reason, today()), audit.apply(entry)));
            }
            if (ledger.entriesCausedBy(cause).isEmpty()) {
                charges.writeCharge(new ChargeWrite(new Charge(cause, memberId, List.of(), List.of()), today(),
                        currency, LineFacts.consumable(record)));
            }
        } finally {
            charging.unlock();
        }
    }

    /** Runs a manual ledger write in turn with the charging, and counts the entry it wrote in its member's balance. */
    public LedgerEntry post(Supplier<LedgerEntry> write) {
        charging.lock();
        try {
            LedgerEntry entry = write.get();
            counted(entry);
            return entry;
        } finally {
            charging.unlock();
        }
    }

    /**
     * Adds a written entry to its member's balance, rebuilds ACLs when a member's crosses the prepaid minimum, and tells the
     * other gateway instances, whose caches do not see this instance's writes.
     */
    private void counted(LedgerEntry entry) {
        long before = owed.getOrDefault(entry.memberId(), 0L);
        long after = owed.merge(entry.memberId(), entry.amountCents(), Long::sum);
        // a partner's network account admits nobody: what it owes is settled monthly, not checked at the machines
        if (NetworkAccount.partnerOf(entry.memberId()).isEmpty()) {
            moved(before, after);
        }
        feed.publish(new ChangeFeed.BalanceChanged(entry.memberId()));
    }

    private void moved(long before, long after) {
        if (belowMinimum(before) != belowMinimum(after)) {
            accessChanged.run();
        }
    }

    /**
     * Applies a change another gateway instance made: a balance it moved is read again from the ledger, saved
     * settings from the store, and after missed changes every balance and the settings are. On the engine's thread and under the charging lock,
     * like this instance's own writes, so a balance read here already counts every entry this instance wrote. Never
     * blocks (called on the feed's thread).
     */
    void changedElsewhere(ChangeFeed.Change change) {
        if (change instanceof ChangeFeed.BalanceChanged balance) {
            worker.execute(() -> reloadBalance(balance.memberId()));
        } else if (change instanceof ChangeFeed.BillingSettingsChanged) {
            worker.execute(this::reloadSettings);
        } else if (change instanceof ChangeFeed.Resync) {
            worker.execute(this::reloadAll);
        }
    }

    private void reloadSettings() {
        try {
            settings = tariffs.settings();
            accessChanged.run();
        } catch (RuntimeException e) {
            LOG.warn("billing settings changed by another gateway instance not read, kept until the next change: {}",
                    e.getMessage());
        }
    }

    private void reloadBalance(String memberId) {
        charging.lock();
        try {
            long after = ledger.owed(memberId);
            Long before = owed.put(memberId, after);
            moved(before == null ? 0L : before, after);
        } catch (RuntimeException e) {
            LOG.warn("balance changed by another gateway instance not read, kept until the next change [member: {}]: {}",
                    memberId, e.getMessage());
        } finally {
            charging.unlock();
        }
    }

    private void reloadAll() {
        charging.lock();
        try {
            settings = tariffs.settings();
            owed.putAll(ledger.owedByMember());
            accessChanged.run();
        } catch (RuntimeException e) {
            LOG.warn("balances not read again after missed changes, kept until the next change: {}", e.getMessage());
        } finally {
            charging.unlock();
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

    /** {@code amount} cents as the lab reads them, e.g. {@code -12.40}. */
    static String cents(long amount) {
        return String.format(Locale.ROOT, "%s%d.%02d", amount < 0 ? "-" : "", Math.abs(amount) / 100,
                Math.abs(amount) % 100);
    }

    /** What {@code memberId} owes (positive) or has in credit (negative). */
    public long owed(String memberId) {
        return owed.getOrDefault(memberId, 0L);
    }

    /** The settings the prepaid minimum is checked against. */
    Settings settings() {
        return settings;
    }

    /**
     * Checks the prepaid minimum against {@code stored} from now on, has ACLs rebuilt for it, and tells the other
     * gateway instances.
     */
    void settingsChanged(Settings stored) {
        settings = stored;
        accessChanged.run();
        feed.publish(new ChangeFeed.BillingSettingsChanged());
    }

    /** Today in the lab's zone: the date of what is charged or written now. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** The session's id in charge keys: node ids make two nodes' session ids distinct. */
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

package org.fablab.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.fablab.gateway.access.NextChange;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.network.Equivalence;
import org.fablab.gateway.network.Partner;
import org.fablab.gateway.network.PassListBuilder;
import org.fablab.gateway.network.VisitPricing;
import org.fablab.gateway.network.VisitorPolicy;
import org.fablab.gateway.port.AccessStore;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.PartnerStore;
import org.fablab.gateway.port.PublishedAcls;
import org.fablab.gateway.port.Scheduler;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Message;
import org.fablab.protocol.network.NetworkInbound;
import org.fablab.protocol.network.VisitorPasses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's partners (docs/network.md): admins add and remove them, fabmanagers map their trainings to ours; the pass
 * lists partners send are kept, and ours are sent to them. A pass list is rebuilt on the worker after every change
 * of the access facts and sent when its content differs from the last one sent, or when half its validity has passed;
 * a visitor's change (a pass list received, an equivalence, a partner removed) goes through the ACL rebuild like a
 * local one. Who may do what is checked where requests come in ({@code NetworkRoutes}), as for the registry.
 * Blocking; thread-safe.
 */
public final class NetworkService {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkService.class);
    private static final Duration RETRY = Duration.ofSeconds(10);
    /** The longest a partner's pass list is kept without a newer one: the longest {@code network.passValidity}. */
    public static final Duration MAX_PASS_VALIDITY = Duration.ofDays(7);

    /** Signs and publishes a pass list to its partner; throws when the broker did not take it. */
    @FunctionalInterface
    public interface PassSink {
        void publish(VisitorPasses passes);
    }

    /** A pass list as last sent, to tell a change of content from a renewal. */
    private record Sent(List<VisitorPasses.Pass> passes, Instant at) {
    }

    private final String ownLab;
    private final String ownPublicKey;
    private final PartnerStore store;
    private final AccessStore access;
    private final Optional<CredentialHasher> networkHasher;
    private final PassSink sink;
    private final Runnable accessChangedHere;
    private final Scheduler worker;
    private final PublishedAcls rebuilds;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration passValidity;
    /** Guarded by this service's lock: {@link #publishPasses} and {@link #remove} hold it. */
    private final Map<String, Sent> sent = new HashMap<>();
    private final List<Runnable> partnerAddedListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean publicationPending = new AtomicBoolean();
    /** Guarded by this service's lock, as {@link #sent} is. */
    private Scheduler.Scheduled nextPublication;

    /**
     * @param ownPublicKey  our gateway's Ed25519 public key (base64), which partners register to verify what we send
     * @param networkHasher the network pepper's hasher; without one the lab is in no network: the link reads no
     *                      partner's messages and no pass list is sent
     * @param accessChangedHere the access service's: rebuilds the ACLs, here and on the other instances
     * @param rebuilds      the lock ACL rebuilds run under across instances; our pass lists are built and versioned
     *                      under it too, so a list's version follows the facts it was built from on every instance
     */
    public NetworkService(String ownLab, String ownPublicKey, PartnerStore store, AccessStore access,
                          Optional<CredentialHasher> networkHasher, PassSink sink, Runnable accessChangedHere,
                          Scheduler worker, PublishedAcls rebuilds, Clock clock, ZoneId zone,
                          Duration passValidity) {
        this.ownLab = ownLab;
        this.ownPublicKey = ownPublicKey;
        this.store = store;
        this.access = access;
        this.networkHasher = networkHasher;
        this.sink = sink;
        this.accessChangedHere = accessChangedHere;
        this.worker = worker;
        this.rebuilds = rebuilds;
        this.clock = clock;
        this.zone = zone;
        this.passValidity = passValidity;
    }

    // ---- partners and equivalences ---------------------------------------------------------------

    /**
     * What a partner needs to register us: our lab id and gateway key with its fingerprint, and whether we hold a
     * network pepper (without one we neither send nor read pass lists).
     */
    public record Identity(String lab, String publicKey, String fingerprint, boolean inNetwork) {
    }

    public Identity identity() {
        return new Identity(ownLab, ownPublicKey, Ed25519Keys.fingerprint(Ed25519Keys.publicKey(ownPublicKey)),
                networkHasher.isPresent());
    }

    public List<Partner> partners() {
        return store.partners();
    }

    /** @throws NotFound when there is no such partner */
    public Partner partner(String id) {
        return store.existing(id);
    }

    /**
     * @throws IllegalArgumentException naming the field when the id, name, key or a term is not valid
     * @throws NotFound when one of {@code visitorPlans} is not one of our plans
     */
    public Partner add(Principal actor, String id, String name, String publicKey, VisitorPolicy visitors,
                       long freeMinutesPerMonth, List<String> visitorPlans, VisitPricing visitPricing) {
        if (id != null && id.equals(ownLab)) {
            throw new IllegalArgumentException("id '" + id + "' is this lab's own id");
        }
        Partner partner = Partner.of(id, name, publicKey, visitors, clock.instant(), freeMinutesPerMonth,
                visitorPlans, visitPricing);
        store.add(partner, terms(audit(actor, AuditAction.PARTNER_ADDED, id).with("name", partner.name())
                .with("fingerprint", partner.fingerprint()), partner));
        passesMayHaveChanged();
        partnerAddedListeners.forEach(Runnable::run);
        return partner;
    }

    /**
     * Runs {@code listener} after each partner is added: the link asks the broker again for the pass lists it retains,
     * since one sent before the partner was registered here was refused. It must not block.
     */
    public void onPartnerAdded(Runnable listener) {
        partnerAddedListeners.add(listener);
    }

    /**
     * Changes the terms given; the others stay as they are, but for the visitor plans, which only policy {@code plans}
     * keeps: another policy clears them.
     *
     * @throws IllegalArgumentException naming the field when a term is out of range, visitor plans are missing under
     *                                  policy {@code plans} or given under another
     * @throws NotFound                 when one of {@code visitorPlans} is not one of our plans
     */
    public Partner setTerms(Principal actor, String id, Optional<VisitorPolicy> visitors,
                            Optional<Long> freeMinutesPerMonth, Optional<List<String>> visitorPlans,
                            Optional<VisitPricing> visitPricing) {
        Partner current = partner(id);
        VisitorPolicy policy = visitors.orElse(current.visitors());
        List<String> plans = visitorPlans.orElse(policy == VisitorPolicy.PLANS ? current.visitorPlans() : List.of());
        Partner changed = current.withTerms(policy, freeMinutesPerMonth.orElse(current.freeMinutesPerMonth()), plans)
                .withVisitPricing(visitPricing.orElse(current.visitPricing()));
        store.setTerms(id, changed.visitors(), changed.freeMinutesPerMonth(), changed.visitorPlans(),
                changed.visitPricing(), terms(audit(actor, AuditAction.PARTNER_CHANGED, id), changed));
        passesMayHaveChanged();
        return partner(id);
    }

    /**
     * Removes the partner: first sends it an empty pass list, so it stops admitting our members at once rather than when
     * the list it holds ends (if the broker does not take it, the partner's list still ends by itself); then its
     * visitors leave our ACLs and its messages are refused. Waits for a publication in progress, so none puts the
     * partner back among those sent to.
     */
    public synchronized void remove(Principal actor, String id) {
        Partner partner = partner(id);
        // under the rebuild lock, so no other instance sends this partner a fuller list after the empty one
        rebuilds.exclusively(() -> {
            if (networkHasher.isPresent()) {
                Instant now = clock.instant();
                try {
                    sink.publish(new VisitorPasses(Message.VERSION, ownLab, id, now,
                            store.nextPassVersion(id, now.toEpochMilli()), now.plus(passValidity), List.of()));
                } catch (RuntimeException e) {
                    LOG.warn("empty pass list to {} not sent; its list ends by itself: {}", id, e.getMessage());
                }
            }
            store.remove(id, audit(actor, AuditAction.PARTNER_REMOVED, id).with("fingerprint", partner.fingerprint()));
            return null;
        });
        sent.remove(id);
        accessChangedHere.run();
    }

    public List<Equivalence> equivalences(String partnerId) {
        partner(partnerId);
        return store.equivalences(partnerId);
    }

    /** Replaces the partner's equivalences; the visitors' access follows at the next ACL rebuild, started here. */
    public List<Equivalence> setEquivalences(Principal actor, String partnerId, List<Equivalence> equivalences) {
        store.setEquivalences(partnerId, equivalences, audit(actor, AuditAction.EQUIVALENCES_SET, partnerId)
                .with("equivalences", equivalences.stream().map(e -> e.theirTraining() + "=" + e.ourTraining())
                        .distinct().toList().toString()));
        accessChangedHere.run();
        return store.equivalences(partnerId);
    }

    public List<PartnerStore.HeldList> heldLists() {
        return store.heldLists();
    }

    // ---- messages from partners ------------------------------------------------------------------

    /**
     * Keeps a verified pass list when it is newer than the one held, and rebuilds the ACLs; an older or repeated one
     * changes nothing. Blocking: call it from a worker.
     *
     * @return whether the list was kept
     */
    public boolean received(NetworkInbound.Accepted accepted) {
        if (!(accepted.message() instanceof VisitorPasses passes)) {
            return false;
        }
        boolean kept = store.savePasses(admissible(passes), clock.instant());
        if (kept) {
            LOG.info("pass list received [partner: {}, version: {}, passes: {}, valid until: {}]", passes.from(),
                    passes.version(), passes.passes().size(), passes.validUntil());
            accessChangedHere.run();
        } else {
            LOG.debug("pass list not newer than the one held, ignored [partner: {}, version: {}]", passes.from(),
                    passes.version());
        }
        return kept;
    }

    /**
     * The list as we keep it: without the passes that name one of our own members' badges (they stay ours, under our
     * rules and revocations, never a partner's visitors here), and ending at most {@link #MAX_PASS_VALIDITY} after it
     * was made, whatever the partner's own setting.
     */
    private VisitorPasses admissible(VisitorPasses passes) {
        Set<String> ours = networkHasher.map(hasher -> store.networkBadges().stream()
                .map(badge -> hasher.hash(badge.uid(), false).hash()).collect(Collectors.toSet())).orElse(Set.of());
        List<VisitorPasses.Pass> visitors = passes.passes().stream()
                .filter(pass -> !ours.contains(pass.credentialHash())).toList();
        if (visitors.size() < passes.passes().size()) {
            LOG.warn("pass list from {} names {} of our own members' badges; they stay ours, not visitors",
                    passes.from(), passes.passes().size() - visitors.size());
        }
        Instant latest = passes.ts().plus(MAX_PASS_VALIDITY);
        return new VisitorPasses(passes.v(), passes.from(), passes.to(), passes.ts(), passes.version(),
                passes.validUntil().isAfter(latest) ? latest : passes.validUntil(), visitors);
    }

    // ---- our pass lists --------------------------------------------------------------------------

    /**
     * Asks for our pass lists to be rebuilt on the worker and sent where they changed; calls while one is pending
     * coalesce into it. Never blocks.
     */
    public void passesMayHaveChanged() {
        if (networkHasher.isPresent() && publicationPending.compareAndSet(false, true)) {
            worker.execute(this::publishPasses);
        }
    }

    /**
     * Rebuilds every partner's pass list now and sends those whose content changed or whose renewal is due; schedules
     * the next run at the earliest renewal, training end or retry. On the worker (or a test's thread).
     */
    public synchronized void publishPasses() {
        publicationPending.set(false);
        Instant now = clock.instant();
        Instant next;
        try {
            next = rebuilds.exclusively(() -> publishExclusively(now));
        } catch (RuntimeException e) {
            LOG.warn("pass lists not built, retrying in {} s: {}", RETRY.toSeconds(), e.getMessage());
            next = now.plus(RETRY);
        }
        if (nextPublication != null) {
            nextPublication.cancel();
        }
        nextPublication = worker.schedule(next.plusMillis(1), this::publishPasses);
    }

    /** Builds and sends every partner's list from facts read now; returns when to run next. */
    private Instant publishExclusively(Instant now) {
        Instant next = now.plus(passValidity.dividedBy(2));
        PassListBuilder.Travellers travellers = PassListBuilder.travellers(access.snapshot(), store.networkBadges(),
                store.travelFacts(), networkHasher.get(), now, zone);
        for (Partner partner : store.partners()) {
            Optional<Instant> due = publishTo(partner, travellers, now);
            if (due.isPresent() && due.get().isBefore(next)) {
                next = due.get();
            }
        }
        return next;
    }

    private Optional<Instant> publishTo(Partner partner, PassListBuilder.Travellers travellers, Instant now) {
        Sent last = sent.get(partner.id());
        VisitorPasses unversioned = PassListBuilder.listFor(ownLab, partner, travellers, 0, now, passValidity);
        if (last != null && last.passes().equals(unversioned.passes())) {
            Instant renewal = last.at().plus(passValidity.dividedBy(2));
            if (now.isBefore(renewal)) {
                return NextChange.earliest(travellers.nextChange(), Optional.of(renewal));
            }
        }
        VisitorPasses passes = unversioned.withVersion(store.nextPassVersion(partner.id(), now.toEpochMilli()));
        try {
            sink.publish(passes);
            sent.put(partner.id(), new Sent(passes.passes(), now));
            LOG.info("pass list sent [partner: {}, version: {}, passes: {}]", partner.id(), passes.version(),
                    passes.passes().size());
            return travellers.nextChange();
        } catch (RuntimeException e) {
            LOG.warn("pass list to {} not sent, retrying in {} s: {}", partner.id(), RETRY.toSeconds(), e.getMessage());
            return Optional.of(now.plus(RETRY));
        }
    }

    /**
     * {@code entry} with the partner's terms as the audit names them, the visitor policy with its plans:
     * {@code plans (network-pass, student)}.
     */
    private static AuditEntry terms(AuditEntry entry, Partner partner) {
        String visitors = partner.visitorPlans().isEmpty() ? partner.visitors().wire()
                : partner.visitors().wire() + " (" + String.join(", ", partner.visitorPlans()) + ")";
        return entry.with("visitors", visitors).with("freeMinutesPerMonth", partner.freeMinutesPerMonth())
                .with("visitPricing", partner.visitPricing().wire());
    }

    private AuditEntry audit(Principal actor, AuditAction action, String partnerId) {
        return AuditEntry.of(clock.instant(), actor.actor(), action, "partner", partnerId);
    }
}

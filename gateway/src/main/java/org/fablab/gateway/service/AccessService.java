package org.fablab.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fablab.gateway.access.AccessContext;
import org.fablab.gateway.access.AccessDecision;
import org.fablab.gateway.access.AccessRules;
import org.fablab.gateway.access.AclCandidate;
import org.fablab.gateway.access.AclDigest;
import org.fablab.gateway.access.AclPlan;
import org.fablab.gateway.access.AclPlanner;
import org.fablab.gateway.access.AclRenewal;
import org.fablab.gateway.access.BadgeStatus;
import org.fablab.gateway.access.BalanceCheck;
import org.fablab.gateway.access.Certification;
import org.fablab.gateway.access.CertificationRules;
import org.fablab.gateway.access.CertificationState;
import org.fablab.gateway.access.CertificationStatus;
import org.fablab.gateway.access.DenyReason;
import org.fablab.gateway.access.LastUse;
import org.fablab.gateway.access.MachineAvailability;
import org.fablab.gateway.access.MachineFacts;
import org.fablab.gateway.access.MemberFacts;
import org.fablab.gateway.access.NextChange;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.adapter.concurrent.ThreadScheduler;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.Badge;
import org.fablab.gateway.domain.CertificationView;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.MachineCard;
import org.fablab.gateway.domain.MachineStanding;
import org.fablab.gateway.domain.MachineView;
import org.fablab.gateway.domain.NodeMode;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.NodeView;
import org.fablab.gateway.domain.PeerTraining;
import org.fablab.gateway.domain.TrainingView;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Permissions;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.network.Visitor;
import org.fablab.gateway.port.AccessStore;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.LabDirectory;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.PublishedAcls;
import org.fablab.gateway.port.Scheduler;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Command;
import org.fablab.protocol.CommandAction;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.EventData;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.Message;
import org.fablab.protocol.Names;
import org.fablab.protocol.NodeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trainings, certifications, badges, machine availability and node modes, and the ACLs they add up to.
 * After any change that may alter who may use a machine, every node's ACL is rebuilt with
 * {@link AclPlanner}, and those that differ from what the broker retains ({@link PublishedAcls}) are published; a
 * rebuild is also scheduled for the next instant an ACL would change by itself (an expiry, an opening-hours
 * boundary). At start every ACL is published. Each node's ACL is moreover re-signed and republished when
 * {@link AclRenewal} says, well before its {@code maxStaleness}, so a node never runs on a stale ACL while the
 * gateway runs; a publication that fails is retried for that node after {@link #PUBLISH_RETRY}. Rebuilds,
 * renewals and node events run on one {@link Scheduler} thread, in order, timed by the injected clock; API
 * calls block their (worker) caller only for their own database write.
 */
public final class AccessService implements AutoCloseable {
    public static final Duration REMINDER_WINDOW = Duration.ofDays(30);
    public static final Duration ENROLL_MODE = Duration.ofMinutes(2);
    public static final Duration TRAIN_MODE = Duration.ofMinutes(5);
    public static final Duration TRAINEE_WINDOW = Duration.ofSeconds(30);
    public static final Duration PUBLISH_RETRY = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(AccessService.class);

    /** Where built ACLs go: signed and published retained, in production. */
    @FunctionalInterface
    public interface AclSink {
        /** Throws when the ACL did not go out; the node is then tried again after {@link #PUBLISH_RETRY}. */
        void publish(NodeRecord node, List<AclSnapshot.Entry> entries);
    }

    /** A node's last ACL publication (null when none succeeded yet) and its next renewal. */
    private record Publication(Instant publishedAt, Instant nextRenewal) {
    }

    /** Signs a command and publishes it on its node's {@code cmd} topic; blocking until the broker has it. */
    @FunctionalInterface
    public interface CommandSink {
        /** For an AccessService that sends no commands (tests of other parts). */
        CommandSink NONE = command -> {
            throw new IllegalStateException("this gateway sends no commands");
        };

        void send(Command command) throws Exception;
    }

    private final AccessStore store;
    private final LabDirectory directory;
    private final CredentialHasher hasher;
    private final Clock clock;
    private final ZoneId zone;
    private final AclSink sink;
    private final Scheduler worker;
    private final BalanceCheck balance;
    private final JobLease renewals;
    private final PublishedAcls published;
    private final long jitterSeed;
    private final AtomicBoolean rebuildPending = new AtomicBoolean();
    /** Node id → its mode, as stored; read again when another gateway instance changed it. */
    private final Map<String, NodeMode> modes = new ConcurrentHashMap<>();
    private final PeerTraining peerTraining = new PeerTraining(TRAINEE_WINDOW);
    /** Node id → its last publication and next renewal; written on the worker, read by the API. */
    private final Map<String, Publication> publications = new ConcurrentHashMap<>();
    /** Nodes whose last publication failed; worker thread only. */
    private final Set<String> failing = new HashSet<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private Scheduler.Scheduled nextRebuild;
    private Scheduler.Scheduled nextRenewal;
    private final Map<String, Deque<Badged>> recentStarts = new ConcurrentHashMap<>();
    /** A drop puts a new empty holder: a load begun before it cannot put back facts the change made stale. */
    private final AtomicReference<CachedFacts> liveFacts = new AtomicReference<>(new CachedFacts(null));
    private volatile CommandSink commands = CommandSink.NONE;
    private volatile ChangeFeed changes = ChangeFeed.SOLE;
    private volatile String lab;

    public AccessService(AccessStore store, LabDirectory directory, CredentialHasher hasher, Clock clock, ZoneId zone,
                         AclSink sink) {
        this(store, directory, hasher, clock, zone, sink, BalanceCheck.NONE, JobLease.SOLE, PublishedAcls.inProcess());
    }

    /**
     * @param balance   billing's say on who may start a session; must not block for long
     * @param renewals  held by the one gateway instance that renews the ACLs when nothing changed
     * @param published what the broker retains for each node, shared by every instance on the database
     */
    public AccessService(AccessStore store, LabDirectory directory, CredentialHasher hasher, Clock clock, ZoneId zone,
                         AclSink sink, BalanceCheck balance, JobLease renewals, PublishedAcls published) {
        this(store, directory, hasher, clock, zone, sink, balance, renewals, published,
                new ThreadScheduler("fablab-access", clock), ThreadLocalRandom.current().nextLong());
    }

    /**
     * @param worker     runs every rebuild, renewal and node event, in order; closed with this service
     * @param jitterSeed spreads the nodes' renewals ({@link AclRenewal})
     */
    public AccessService(AccessStore store, LabDirectory directory, CredentialHasher hasher, Clock clock, ZoneId zone,
                         AclSink sink, BalanceCheck balance, JobLease renewals, PublishedAcls published,
                         Scheduler worker, long jitterSeed) {
        // a partner lab's visitor pays through their home lab, never from a balance here
        this.balance = (memberId, machineId) -> Visitor.isVisitor(memberId) ? Optional.empty()
                : balance.shortfall(memberId, machineId);
        this.renewals = renewals;
        this.published = published;
        this.store = store;
        this.directory = directory;
        this.hasher = hasher;
        this.clock = clock;
        this.zone = zone;
        this.sink = sink;
        this.worker = worker;
        this.jitterSeed = jitterSeed;
        store.modes().forEach(mode -> modes.put(mode.nodeId(), mode));
        remember(store.recentTrainerBadges());
    }

    /**
     * Tells the other gateway instances on this database of the node modes this one sets or ends and of the access
     * facts and trainers' recent badges it changes, and applies theirs; set once at start, before the API serves.
     * Subscribes first, then reads every mode and trainer's badge again: one another instance changed between this
     * service's construction and now is in the database by then, and any later change comes through the feed.
     */
    public void shareChangesThrough(ChangeFeed feed) {
        this.changes = Objects.requireNonNull(feed, "feed");
        feed.subscribe(this::changedElsewhere);
        worker.execute(() -> reloadModes(Set.copyOf(modes.keySet()), store::modes));
        worker.execute(() -> reloadTrainerBadges(store::recentTrainerBadges));
    }

    /**
     * Reads again a node mode or a node's trainers' recent badges another instance changed, or all of them after missed
     * changes; drops the cached access facts when another instance changed them or changes may have been missed.
     * Never blocks.
     */
    private void changedElsewhere(ChangeFeed.Change change) {
        if (change instanceof ChangeFeed.ModeChanged changed) {
            worker.execute(() -> reloadModes(Set.of(changed.nodeId()),
                    () -> store.mode(changed.nodeId()).stream().toList()));
        } else if (change instanceof ChangeFeed.TrainerBadged badged) {
            worker.execute(() -> reloadTrainerBadges(() -> Map.of(badged.nodeId(),
                    store.recentTrainerBadges(badged.nodeId()))));
        } else if (change instanceof ChangeFeed.AccessChanged) {
            dropLiveFacts();
        } else if (change instanceof ChangeFeed.Resync) {
            dropLiveFacts();
            worker.execute(() -> reloadModes(Set.copyOf(modes.keySet()), store::modes));
            worker.execute(() -> reloadTrainerBadges(store::recentTrainerBadges));
        }
    }

    /** On the worker: adds the trainers' recent badges {@code stored} returns to those the live decisions count. */
    private void reloadTrainerBadges(Supplier<Map<String, List<PeerTraining.TrainerBadge>>> stored) {
        try {
            remember(stored.get());
        } catch (RuntimeException e) {
            LOG.warn("trainers' badges kept by another gateway instance not read, until the next one: {}",
                    e.getMessage());
        }
    }

    /**
     * On the worker: replaces the modes of {@code known} and of every mode {@code stored} returns with those it returns
     * (a node it leaves out is back to normal).
     */
    private void reloadModes(Set<String> known, Supplier<List<NodeMode>> stored) {
        try {
            Map<String, NodeMode> now = stored.get().stream().collect(Collectors.toMap(NodeMode::nodeId, m -> m));
            Set<String> nodes = new HashSet<>(known);
            nodes.addAll(now.keySet());
            for (String nodeId : nodes) {
                Optional.ofNullable(now.get(nodeId)).ifPresentOrElse(mode -> modes.put(nodeId, mode),
                        () -> modes.remove(nodeId));
            }
        } catch (RuntimeException e) {
            LOG.warn("node modes changed by another gateway instance not read, kept until the next change: {}",
                    e.getMessage());
        }
    }

    /** Where {@link #sendCommand} publishes, for the nodes of {@code lab}; set once at start, before the API serves. */
    public void sendCommandsTo(String lab, CommandSink sink) {
        this.lab = Names.requireId("lab", lab);
        this.commands = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Drops the cached access facts of live decisions and asks for every ACL to be rebuilt soon; calls while a rebuild
     * is pending coalesce into it. Never blocks. For what changes on every instance alike (an expiry, a balance every
     * instance reads) or what another instance already told: a change this instance makes goes through
     * {@link #accessChangedHere()}.
     */
    public void accessChanged() {
        dropLiveFacts();
        if (rebuildPending.compareAndSet(false, true)) {
            worker.execute(() -> rebuild(false));
        }
        changeListeners.forEach(Runnable::run);
    }

    /**
     * Runs {@code listener} on every {@link #accessChanged()}, for what else follows the access facts (the pass lists
     * sent to partner labs). It must not block.
     */
    public void onAccessChanged(Runnable listener) {
        changeListeners.add(listener);
    }

    /**
     * The one way in for a change this instance committed to what live decisions read (a training, a certification, a
     * trainer right, a badge, a member, a machine's availability): {@link #accessChanged()} here, then the other
     * instances told to drop their cached facts too. Blocking (the feed's database round trip): call it from a worker
     * thread, once the change committed.
     */
    public void accessChangedHere() {
        accessChanged();
        changes.publish(new ChangeFeed.AccessChanged());
    }

    private void dropLiveFacts() {
        liveFacts.set(new CachedFacts(null));
    }

    /**
     * Another gateway instance changed the machines or nodes, and rebuilt and published the ACLs itself: only the
     * access facts live decisions read are dropped here. Never blocks.
     */
    public void directoryChangedElsewhere() {
        dropLiveFacts();
    }

    /**
     * Publishes every node's ACL now, changed or not, waiting for it: for start-up, when the broker may have lost what
     * it retained (a broker restarted without persistence, a new signing key).
     */
    public void publishAllNow() {
        onWorkerAndWait(() -> rebuild(true));
    }

    /** Rebuilds every ACL now and publishes those that changed, waiting for it. */
    public void rebuildNow() {
        onWorkerAndWait(() -> rebuild(false));
    }

    private void onWorkerAndWait(Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("building the ACLs failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rebuild(boolean evenUnchanged) {
        rebuildPending.set(false);
        Instant now = clock.instant();
        try {
            scheduleRebuild(publish(now, node -> true, evenUnchanged), now);
        } catch (RuntimeException e) {
            LOG.error("acl rebuild failed, retrying in {} s: {}", PUBLISH_RETRY.toSeconds(), e.getMessage());
            scheduleRebuild(Optional.of(now.plus(PUBLISH_RETRY)), now);
        }
    }

    /**
     * Republishes the ACL of every node whose renewal is due, with what the store says now; only on the gateway
     * instance that holds {@code renewals}, the others look again after {@link #PUBLISH_RETRY} in case it went away.
     */
    private void renewDue() {
        Instant now = clock.instant();
        if (!renewals.held()) {
            postponeDue(now);
            return;
        }
        try {
            publish(now, node -> {
                Publication last = publications.get(node.id());
                return last == null || !last.nextRenewal().isAfter(now);
            }, true);
        } catch (RuntimeException e) {
            LOG.error("acl renewal failed, retrying in {} s: {}", PUBLISH_RETRY.toSeconds(), e.getMessage());
            postponeDue(now);
        }
    }

    /** On the worker: publishes the node's ACL though the broker may already retain the same, as a resync asks. */
    private void republish(String nodeId) {
        try {
            publish(clock.instant(), node -> node.id().equals(nodeId), true);
        } catch (RuntimeException e) {
            LOG.error("acl of {} not published for its resync: {}", nodeId, e.getMessage());
        }
    }

    private void postponeDue(Instant now) {
        publications.replaceAll((node, last) -> last.nextRenewal().isAfter(now) ? last
                : new Publication(last.publishedAt(), now.plus(PUBLISH_RETRY)));
        scheduleRenewal();
    }

    /**
     * Plans the ACL of every node {@code which} selects and signs and publishes those that differ from what the broker
     * retains, or all of them when {@code evenUnchanged}; sets each published one's next renewal, and returns the
     * earliest instant one of those ACLs changes by itself. Runs while no other instance rebuilds, reading the facts
     * inside, so what it records as retained is never overwritten by a publication from older facts.
     */
    private Optional<Instant> publish(Instant now, Predicate<NodeRecord> which, boolean evenUnchanged) {
        return published.exclusively(() -> publishExclusively(now, which, evenUnchanged));
    }

    private Optional<Instant> publishExclusively(Instant now, Predicate<NodeRecord> which, boolean evenUnchanged) {
        List<NodeRecord> all = directory.nodes();
        Set<String> ids = all.stream().map(NodeRecord::id).collect(Collectors.toSet());
        // A node removed from the directory must not keep a renewal that is due and would never be served.
        publications.keySet().retainAll(ids);
        List<NodeRecord> nodes = all.stream().filter(which).toList();
        Optional<Instant> nextChange = Optional.empty();
        Map<String, String> sent = new HashMap<>();
        if (!nodes.isEmpty()) {
            Map<String, String> retained = evenUnchanged ? Map.of() : published.digests();
            AccessStore.Snapshot snapshot = store.snapshot();
            Map<String, MachineFacts> machines = snapshot.machines().stream()
                    .collect(Collectors.toMap(MachineFacts::machineId, m -> m));
            SnapshotIndex index = new SnapshotIndex(snapshot);
            for (NodeRecord node : nodes) {
                MachineFacts machine = machines.get(node.machineId());
                if (machine == null) {
                    publications.remove(node.id());
                    continue;
                }
                AclPlan plan = AclPlanner.plan(machine, snapshot.opening(), zone, snapshot.trainings(),
                        index.aclCandidates(machine, now), now, balance);
                String digest = AclDigest.of(node.offlinePolicy(), node.maxStaleness(), plan.entries());
                if (!digest.equals(retained.get(node.id())) && publishOne(node, plan.entries(), now)) {
                    sent.put(node.id(), digest);
                }
                nextChange = NextChange.earliest(nextChange, plan.nextChange());
            }
            nextChange = NextChange.earliest(nextChange, index.nextVisitorExpiry(now));
        }
        published.record(sent, ids);
        scheduleRenewal();
        return nextChange;
    }

    /** Whether the broker has the node's new ACL. */
    private boolean publishOne(NodeRecord node, List<AclSnapshot.Entry> entries, Instant now) {
        Publication last = publications.get(node.id());
        try {
            sink.publish(node, entries);
            publications.put(node.id(), new Publication(now,
                    AclRenewal.next(node.id(), now, node.maxStaleness(), jitterSeed)));
            if (failing.remove(node.id())) {
                LOG.info("acl published again [node: {}]", node.id());
            }
            return true;
        } catch (RuntimeException e) {
            // Once per outage, not every retry: a broker down for an hour would otherwise log 360 lines a node.
            if (failing.add(node.id())) {
                LOG.warn("acl not published, retrying every {} s [node: {}]: {}", PUBLISH_RETRY.toSeconds(),
                        node.id(), e.getMessage());
            }
            publications.put(node.id(), new Publication(last == null ? null : last.publishedAt(),
                    now.plus(PUBLISH_RETRY)));
            return false;
        }
    }

    private void scheduleRenewal() {
        if (nextRenewal != null) {
            nextRenewal.cancel();
        }
        nextRenewal = publications.values().stream().map(Publication::nextRenewal).min(Comparator.naturalOrder())
                .map(at -> worker.schedule(at, this::renewDue)).orElse(null);
    }

    private void scheduleRebuild(Optional<Instant> at, Instant now) {
        if (nextRebuild != null) {
            nextRebuild.cancel();
        }
        // One millisecond past the change, so the rebuild sees the expiry or boundary as passed.
        nextRebuild = at.map(when -> worker.schedule((when.isBefore(now) ? now : when).plusMillis(1),
                this::accessChanged)).orElse(null);
    }


    /** Lookups over one snapshot, built once and shared by every machine's plan and every view made from it. */
    private static final class SnapshotIndex {
        private final AccessStore.Snapshot snapshot;
        private final Map<String, MemberFacts> members;
        private final Map<String, List<Certification>> certifications;
        /** Member id → the trainings they hold a certification of, valid, expired or revoked. */
        private final Map<String, Set<String>> certifiedIn;
        private final Map<String, Set<String>> trainingsTaughtBy;
        private final Map<String, Map<String, Instant>> lastUseByTraining = new ConcurrentHashMap<>();

        SnapshotIndex(AccessStore.Snapshot snapshot) {
            this.snapshot = snapshot;
            this.members = snapshot.members().stream().collect(Collectors.toMap(MemberFacts::memberId, m -> m));
            this.certifications = snapshot.certifications().stream()
                    .collect(Collectors.groupingBy(Certification::memberId));
            this.certifiedIn = snapshot.certifications().stream().collect(Collectors.groupingBy(
                    Certification::memberId, Collectors.mapping(Certification::trainingId, Collectors.toSet())));
            this.trainingsTaughtBy = snapshot.trainers().stream().collect(Collectors.groupingBy(
                    AccessStore.TrainerRight::memberId,
                    Collectors.mapping(AccessStore.TrainerRight::trainingId, Collectors.toSet())));
        }

        /**
         * The badges that may be on the machine's ACL: those of members with a certification, in any state, of every
         * training gating its kind. Any other's standing decision is a missing training ({@code AccessRules.standing}),
         * so leaving it out changes no plan, and a lab of many machine kinds plans each machine over its own few
         * members instead of every badge.
         */
        List<AclCandidate> aclCandidates(MachineFacts machine, Instant now) {
            Set<String> gating = gating(machine);
            return Stream.concat(snapshot.badges().stream()
                            .filter(badge -> certifiedIn.getOrDefault(badge.memberId(), Set.of()).containsAll(gating))
                            .map(badge -> candidate(badge, gating)),
                    visitors(now).filter(visitor -> visitor.ourTrainings().containsAll(gating))
                            .map(Visitor::candidate)).toList();
        }

        /**
         * The visitors whose pass list has not ended at {@code now}: a list past its end admits nobody, also on a
         * machine no training gates.
         */
        Stream<Visitor> visitors(Instant now) {
            return snapshot.visitors().stream().filter(visitor -> visitor.validUntil().isAfter(now));
        }

        /** The earliest end after {@code now} of a pass list with visitors: the ACLs change then by themselves. */
        Optional<Instant> nextVisitorExpiry(Instant now) {
            return visitors(now).map(Visitor::validUntil).min(Comparator.naturalOrder());
        }

        /**
         * The one enrolled badge with this hash, or the partner lab's visitor whose network hash it is (a node uses it
         * when its ACL lists the visitor), as a live decision on the machine sees it; empty when none is.
         */
        Optional<AclCandidate> candidate(MachineFacts machine, String credentialHash, Instant now) {
            return snapshot.badges().stream().filter(b -> b.credentialHash().equals(credentialHash)).findFirst()
                    .map(badge -> candidate(badge, gating(machine))).or(() -> visitor(credentialHash, now));
        }

        /** The partner lab's visitor whose badge has this network hash on a list not ended, empty when none is. */
        Optional<AclCandidate> visitor(String networkHash, Instant now) {
            return visitors(now).filter(v -> v.credentialHash().equals(networkHash)).findFirst()
                    .map(Visitor::candidate);
        }

        /** The trainings that gate the machine's kind. */
        Set<String> gating(MachineFacts machine) {
            return snapshot.trainings().stream().filter(t -> t.gates(machine.kind())).map(Training::id)
                    .collect(Collectors.toSet());
        }

        private AclCandidate candidate(AccessStore.BadgeOwner badge, Set<String> gating) {
            String memberId = badge.memberId();
            boolean trainer = trainingsTaughtBy.getOrDefault(memberId, Set.of()).stream().anyMatch(gating::contains);
            return new AclCandidate(badge.credentialHash(), badge.status(), members.get(memberId),
                    certifications.getOrDefault(memberId, List.of()), lastUse(memberId), trainer);
        }

        /** Training id → start of the member's last session on a machine that training unlocks. */
        Map<String, Instant> lastUse(String memberId) {
            return lastUseByTraining.computeIfAbsent(memberId, id -> LastUse.byTraining(
                    snapshot.lastUse().getOrDefault(id, Map.of()), snapshot.trainings()));
        }
    }

    // ---- what a member may use ------------------------------------------------------------------

    /**
     * Whether member {@code memberId} may use each machine now, by the rules a node's offline list is made of
     * ({@link AccessRules#standing}): their usable badge (an active one first) against each machine, so the
     * reason is the first rule that fails, "no badge" when they have none. The two live checks (a trainer
     * present, the balance) are left out: they depend on the moment of badging. Blocking: call it from a worker.
     *
     * @return one entry per machine in the store's order, none for a member the store does not know
     */
    public List<MachineStanding> standingsOf(String memberId) {
        AccessStore.Snapshot snapshot = store.snapshot();
        SnapshotIndex index = new SnapshotIndex(snapshot);
        if (!index.members.containsKey(memberId)) {
            return List.of();
        }
        Instant now = clock.instant();
        List<AccessStore.BadgeOwner> badges = snapshot.badges().stream().filter(b -> b.memberId().equals(memberId))
                .sorted(Comparator.comparing(b -> b.status() != BadgeStatus.ACTIVE)).toList();
        List<MachineStanding> standings = new ArrayList<>();
        for (MachineFacts machine : snapshot.machines()) {
            Set<String> gating = index.gating(machine);
            AccessDecision decision = badges.stream()
                    .map(badge -> AccessRules.standing(AccessContext.offline(index.candidate(badge, gating), machine,
                            snapshot.trainings(), snapshot.opening(), zone), now))
                    .reduce((kept, next) -> kept instanceof AccessDecision.Granted
                            || !(next instanceof AccessDecision.Granted) ? kept : next)
                    .orElse(new AccessDecision.Denied(DenyReason.UNKNOWN_BADGE, "no badge enrolled"));
            standings.add(decision instanceof AccessDecision.Denied denied
                    ? new MachineStanding(machine.machineId(), false, denied.reason())
                    : new MachineStanding(machine.machineId(), true, null));
        }
        return standings;
    }

    // ---- trainings ------------------------------------------------------------------------------

    public List<TrainingView> trainings() {
        AccessStore.Snapshot snapshot = store.snapshot();
        SnapshotIndex index = new SnapshotIndex(snapshot);
        Instant now = clock.instant();
        List<TrainingView> views = new ArrayList<>();
        for (Training training : snapshot.trainings()) {
            int holders = 0;
            int expiring = 0;
            Map<String, List<Certification>> byMember = snapshot.certifications().stream()
                    .filter(c -> c.trainingId().equals(training.id()))
                    .collect(Collectors.groupingBy(Certification::memberId));
            for (Map.Entry<String, List<Certification>> member : byMember.entrySet()) {
                Optional<CertificationState> best = CertificationRules.best(member.getValue(), training,
                        Optional.ofNullable(index.lastUse(member.getKey()).get(training.id())), now, zone);
                if (best.filter(s -> s instanceof CertificationState.Valid).isPresent()) {
                    holders++;
                    if (best.get().expiringWithin(REMINDER_WINDOW)) {
                        expiring++;
                    }
                }
            }
            List<TrainingView.Trainer> trainers = snapshot.trainers().stream()
                    .filter(t -> t.trainingId().equals(training.id()))
                    .map(t -> new TrainingView.Trainer(t.memberId(), t.memberName())).toList();
            views.add(new TrainingView(training.id(), training.name(), training.category().wire(),
                    training.machineKinds(), validity(training), holders, expiring, trainers));
        }
        return views;
    }

    private static Map<String, Object> validity(Training training) {
        Map<String, Object> validity = new LinkedHashMap<>();
        validity.put("kind", training.validity().kind());
        if (training.validity().days() != null) {
            validity.put("days", training.validity().days());
        }
        if (training.validity().until() != null) {
            validity.put("until", training.validity().until().toString());
        }
        return validity;
    }

    public TrainingView training(String id) {
        return trainings().stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFound(ErrorCode.TRAINING_NOT_FOUND, id));
    }

    /** The machine a node drives, for the audit log; null when the node is no longer in the directory. */
    private String machineOf(String nodeId) {
        return directory.nodes().stream().filter(n -> n.id().equals(nodeId)).map(NodeRecord::machineId).findFirst()
                .orElse(null);
    }

    /** The training's name for the audit log, its id when no training has it. */
    private String trainingName(String id) {
        return store.trainings().stream().filter(t -> t.id().equals(id)).map(Training::name).findFirst().orElse(id);
    }

    /** The training as defined, for changing it. */
    public Training trainingDefinition(String id) {
        return store.trainings().stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFound(ErrorCode.TRAINING_NOT_FOUND, id));
    }

    public TrainingView createTraining(Principal actor, Training training) {
        store.createTraining(training, audit(actor, AuditAction.TRAINING_CREATED, "training", training.id())
                .with("training", training.name()));
        accessChangedHere();
        return training(training.id());
    }

    public TrainingView updateTraining(Principal actor, Training training) {
        store.updateTraining(training, audit(actor, AuditAction.TRAINING_UPDATED, "training", training.id())
                .with("training", training.name()));
        accessChangedHere();
        return training(training.id());
    }

    public void addTrainer(Principal actor, String trainingId, String memberId) {
        store.addTrainer(trainingId, memberId, audit(actor, AuditAction.TRAINER_ADDED, "training", trainingId)
                .member(memberId).with("training", trainingName(trainingId)));
        accessChangedHere();
    }

    public void removeTrainer(Principal actor, String trainingId, String memberId) {
        store.removeTrainer(trainingId, memberId, audit(actor, AuditAction.TRAINER_REMOVED, "training", trainingId)
                .member(memberId).with("training", trainingName(trainingId)));
        accessChangedHere();
    }

    // ---- certifications -------------------------------------------------------------------------

    public List<CertificationView> certifications(Optional<String> memberId, Optional<String> trainingId) {
        return views(store.certifications(memberId, trainingId));
    }

    /** Valid certifications ending within {@code window}, soonest first. */
    public List<CertificationView> expiring(Duration window) {
        Instant limit = clock.instant().plus(window);
        return views(store.certifications(Optional.empty(), Optional.empty())).stream()
                .filter(c -> c.status().equals("valid") && c.validUntil() != null && !c.validUntil().isAfter(limit))
                .sorted(Comparator.comparing(CertificationView::validUntil)).toList();
    }

    private List<CertificationView> views(List<AccessStore.StoredCertification> stored) {
        AccessStore.Snapshot snapshot = store.snapshot();
        SnapshotIndex index = new SnapshotIndex(snapshot);
        Map<String, Training> trainings = snapshot.trainings().stream()
                .collect(Collectors.toMap(Training::id, t -> t));
        Instant now = clock.instant();
        List<CertificationView> views = new ArrayList<>();
        for (AccessStore.StoredCertification s : stored) {
            Certification c = s.certification();
            Training training = trainings.get(c.trainingId());
            CertificationState state = CertificationRules.evaluate(c, training,
                    Optional.ofNullable(index.lastUse(c.memberId()).get(training.id())), now, zone);
            String status;
            Instant until = null;
            if (state instanceof CertificationState.Valid valid) {
                status = "valid";
                until = valid.expiresAt();
            } else if (state instanceof CertificationState.Expired expired) {
                status = "expired";
                until = expired.at();
            } else {
                status = "revoked";
            }
            views.add(new CertificationView(c.id(), c.memberId(), s.memberName(), c.trainingId(), s.trainingName(),
                    c.grantedBy(), s.grantedByName(), c.grantedAt(), until, status,
                    state.expiringWithin(REMINDER_WINDOW)));
        }
        return views;
    }

    /**
     * Grants (or renews: a new certification, the old ones stay as history) {@code trainingId} to a member.
     * A trainer may grant only trainings they are trainer for, and never to themselves.
     */
    public CertificationView grant(Principal actor, String memberId, String trainingId, Optional<Instant> validUntil,
                                   Optional<String> reason) {
        if (!Permissions.allows(actor.role(), Permission.MANAGE_CERTIFICATIONS)) {
            requireTrainerFor(actor, trainingId);
            if (actor.isMember(memberId)) {
                throw new NotAllowed(ErrorCode.FORBIDDEN_SELF_CERTIFY);
            }
        }
        Certification certification = new Certification("c-" + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 12), memberId, trainingId, actor.member().orElse(actor.username()), clock.instant(),
                validUntil.orElse(null), CertificationStatus.ACTIVE);
        store.grant(certification, actor.displayName(), audit(actor, AuditAction.CERTIFICATION_GRANTED, "certification",
                certification.id()).member(memberId).reason(reason.orElse(null)).with("training", trainingName(trainingId)));
        accessChangedHere();
        return certification(memberId, certification.id());
    }

    public CertificationView revoke(Principal actor, String memberId, String certificationId, String reason) {
        store.revoke(memberId, certificationId, clock.instant(), actor.actor(), reason,
                audit(actor, AuditAction.CERTIFICATION_REVOKED, "certification", certificationId).member(memberId).reason(reason));
        accessChangedHere();
        return certification(memberId, certificationId);
    }

    private CertificationView certification(String memberId, String id) {
        return certifications(Optional.of(memberId), Optional.empty()).stream().filter(c -> c.id().equals(id))
                .findFirst().orElseThrow(() -> new NotFound(ErrorCode.CERTIFICATION_NOT_FOUND, id));
    }

    private void requireTrainerFor(Principal actor, String trainingId) {
        boolean trainer = actor.member().map(member -> store.trainers().stream()
                .anyMatch(t -> t.trainingId().equals(trainingId) && t.memberId().equals(member))).orElse(false);
        if (!trainer) {
            throw new NotAllowed(ErrorCode.FORBIDDEN_NOT_TRAINER, trainingId);
        }
    }

    // ---- badges ---------------------------------------------------------------------------------

    /**
     * Enrolls a badge typed, or read by a USB reader on the fabmanager's computer: the UID, already in its
     * canonical form, is hashed here as the nodes hash it; it is kept beside the hash only for staff to read it back.
     *
     * @throws Conflict when the badge is enrolled already; naming its holder when {@code actor} may read members
     */
    public Badge enroll(Principal actor, String memberId, CredentialId uid, Optional<String> label) {
        CredentialRef credential = hasher.hash(uid, false);
        Badge badge;
        try {
            badge = store.enroll(memberId, credential, uid.id(), label.orElse(null), clock.instant(),
                    audit(actor, AuditAction.BADGE_ENROLLED, "member", memberId).member(memberId)
                            .with("type", uid.type()));
        } catch (Conflict e) {
            if (!Permissions.allows(actor.role(), Permission.READ_MEMBERS)) {
                throw e;
            }
            throw store.badgeHolder(credential.hash()).map(holder -> new Conflict(ErrorCode.BADGE_ENROLLED_FOR,
                    holder.displayName(), holder.number())).orElse(e);
        }
        accessChangedHere();
        return badge;
    }

    /** The member's badges, with UIDs in full for those who may read every member, else masked. */
    public List<Badge> badges(Principal reader, String memberId) {
        List<Badge> badges = store.badges(memberId);
        return Permissions.allows(reader.role(), Permission.READ_MEMBERS) ? badges
                : badges.stream().map(Badge::masked).toList();
    }

    public Badge setBadgeStatus(Principal actor, String memberId, String badgeId, BadgeStatus status, String reason) {
        Badge badge = store.setBadgeStatus(memberId, badgeId, status, reason,
                audit(actor, AuditAction.BADGE_STATUS_CHANGED, "badge", badgeId).member(memberId).reason(reason)
                        .with("status", status.wire()));
        accessChangedHere();
        return badge;
    }

    // ---- machines -------------------------------------------------------------------------------

    public List<AccessStore.MachineAccess> machines() {
        return store.machines();
    }

    /** The live cards with availability and required trainings added. */
    public List<MachineCard> cards(List<MachineView> live) {
        List<Training> trainings = store.trainings();
        Map<String, AccessStore.MachineAccess> machines = store.machines().stream()
                .collect(Collectors.toMap(m -> m.facts().machineId(), m -> m));
        List<MachineCard> cards = new ArrayList<>();
        for (MachineView view : live) {
            AccessStore.MachineAccess machine = machines.get(view.id());
            List<MachineCard.TrainingRef> required = trainings.stream().filter(t -> t.gates(view.kind()))
                    .map(t -> new MachineCard.TrainingRef(t.id(), t.name())).toList();
            cards.add(MachineCard.of(view, machine == null ? MachineAvailability.AVAILABLE
                    : machine.facts().availability(), machine == null ? null : machine.reason(), required));
        }
        return cards;
    }

    public void setAvailability(Principal actor, String machineId, MachineAvailability availability, String reason) {
        store.setAvailability(machineId, availability, reason, audit(actor, AuditAction.MACHINE_AVAILABILITY_CHANGED, "machine",
                machineId).machine(machineId).reason(reason).with("availability", availability.wire()));
        accessChangedHere();
    }

    // ---- node modes -----------------------------------------------------------------------------

    /** Every node with its mode and ACL age; {@code live} is the board, whose cards carry what nodes report. */
    public List<NodeView> nodes(List<MachineView> live) {
        Instant now = clock.instant();
        Map<String, MachineView> byNode = live.stream().filter(v -> v.node() != null)
                .collect(Collectors.toMap(MachineView::node, v -> v, (a, b) -> a));
        return directory.nodes().stream().map(node -> {
            Optional<Publication> publication = Optional.ofNullable(publications.get(node.id()));
            return NodeView.of(node, mode(node.id(), now), byNode.get(node.id()),
                    publication.map(Publication::publishedAt).orElse(null),
                    publication.map(Publication::nextRenewal).orElse(null), now);
        }).toList();
    }

    private NodeMode mode(String nodeId, Instant now) {
        NodeMode mode = modes.get(nodeId);
        return mode != null && mode.activeAt(now) ? mode : NodeMode.normal(nodeId);
    }

    /** Puts a node in enroll mode for {@code memberId}, train mode for {@code trainingId}, or back to normal. */
    public NodeMode setMode(Principal actor, String nodeId, NodeMode.Kind kind, Optional<String> memberId,
                            Optional<String> trainingId) {
        NodeRecord node = directory.nodes().stream().filter(n -> n.id().equals(nodeId)).findFirst()
                .orElseThrow(() -> new NotFound(ErrorCode.NODE_NOT_FOUND, nodeId));
        Instant now = clock.instant();
        NodeMode mode = switch (kind) {
            case NORMAL -> NodeMode.normal(nodeId);
            case ENROLL -> {
                if (!Permissions.allows(actor.role(), Permission.MANAGE_MEMBERS)) {
                    throw new NotAllowed(ErrorCode.FORBIDDEN_ENROLL);
                }
                yield new NodeMode(nodeId, kind, now.plus(ENROLL_MODE), memberId.orElseThrow(), null, actor.actor());
            }
            case TRAIN -> {
                String training = trainingId.orElseThrow();
                if (!Permissions.allows(actor.role(), Permission.MANAGE_CERTIFICATIONS)) {
                    requireTrainerFor(actor, training);
                }
                yield new NodeMode(nodeId, kind, now.plus(TRAIN_MODE), null, training, actor.actor());
            }
        };
        store.saveMode(mode, Optional.of(audit(actor, AuditAction.NODE_MODE_CHANGED, "node", nodeId)
                .machine(node.machineId()).member(mode.memberId()).with("mode", kind.wire())
                .with("training", mode.trainingId() == null ? null : trainingName(mode.trainingId()))));
        modes.put(nodeId, mode);
        changes.publish(new ChangeFeed.ModeChanged(nodeId));
        return mode;
    }

    /** Feeds a stored node event to enrollment and peer training; never blocks (work goes to the worker thread). */
    public void onNodeEvent(NodeEvent event) {
        if (event.data() instanceof EventData.SessionStarted started && started.memberId() != null) {
            sessionStartedBy(event.node(), started.memberId(), started.startedAt());
        }
        if (event.data() instanceof EventData.BadgeDenied denied && denied.networkHash() != null) {
            worker.execute(() -> logVisitorRefused(event.node(), denied));
        }
        if (event.data() instanceof EventData.BadgeDenied || event.data() instanceof EventData.SessionStarted) {
            worker.execute(() -> {
                try {
                    handleModeEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("node event not applied to its mode [node: {}, seq: {}]: {}", event.node(), event.seq(),
                            e.getMessage());
                }
            });
        }
    }

    private void handleModeEvent(NodeEvent event) {
        NodeMode mode = mode(event.node(), clock.instant());
        if (mode.mode() == NodeMode.Kind.ENROLL && event.data() instanceof EventData.BadgeDenied denied
                && store.badgeOwner(denied.credential().hash()).isEmpty()) {
            store.enroll(mode.memberId(), denied.credential(), null, null, clock.instant(),
                    AuditEntry.of(clock.instant(), mode.setBy(), AuditAction.BADGE_ENROLLED, "member", mode.memberId())
                            .member(mode.memberId()).machine(machineOf(event.node())).with("node", event.node()));
            endMode(event.node());
            LOG.info("badge enrolled at a node [node: {}, member: {}]", event.node(), mode.memberId());
            accessChangedHere();
        } else if (mode.mode() == NodeMode.Kind.TRAIN) {
            if (event.data() instanceof EventData.SessionStarted started && started.memberId() != null
                    && PeerTraining.countsFor(event.ts(), mode.until().minus(TRAIN_MODE))
                    && store.trainers().stream().anyMatch(t -> t.trainingId().equals(mode.trainingId())
                    && t.memberId().equals(started.memberId()))) {
                store.saveTrainerBadge(event.node(), mode.trainingId(),
                        new PeerTraining.TrainerBadge(started.memberId(), event.ts()));
            } else if (event.data() instanceof EventData.BadgeDenied denied) {
                // the trainer's badge is in the database, wherever it was seen; the claim gives it to one trainee
                store.trainerBadge(event.node()).filter(trainer -> peerTraining.vouchesFor(trainer, event.ts()))
                        .filter(trainer -> store.claimTrainerBadge(event.node(), trainer))
                        .ifPresent(trainer -> certifyTrainee(event, mode, trainer, denied));
            }
        }
    }

    /** Back to normal once a mode did its one job, here and on the other gateway instances. */
    private void endMode(String nodeId) {
        store.saveMode(NodeMode.normal(nodeId), Optional.empty());
        modes.remove(nodeId);
        changes.publish(new ChangeFeed.ModeChanged(nodeId));
    }

    private void certifyTrainee(NodeEvent event, NodeMode mode, PeerTraining.TrainerBadge trainer,
                                EventData.BadgeDenied denied) {
        Optional<AccessStore.BadgeOwner> trainee = store.badgeOwner(denied.credential().hash())
                .filter(b -> b.status() == BadgeStatus.ACTIVE);
        if (trainee.isEmpty() || trainee.get().memberId().equals(trainer.memberId())) {
            LOG.info("train mode: refused badge is no other member's active badge [node: {}]", event.node());
            return;
        }
        String memberId = trainee.get().memberId();
        String trainerName = store.snapshot().members().stream().filter(m -> m.memberId().equals(trainer.memberId()))
                .map(MemberFacts::displayName).findFirst().orElse(trainer.memberId());
        Certification certification = new Certification("c-" + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 12), memberId, mode.trainingId(), trainer.memberId(), clock.instant(), null,
                CertificationStatus.ACTIVE);
        store.grant(certification, trainerName, AuditEntry.of(clock.instant(), "member:" + trainer.memberId(),
                AuditAction.CERTIFICATION_GRANTED, "certification", certification.id()).member(memberId)
                .machine(machineOf(event.node())).with("training", trainingName(mode.trainingId()))
                .with("node", event.node()));
        endMode(event.node());
        LOG.info("peer training recorded [node: {}, training: {}, trainee: {}, trainer: {}]", event.node(),
                mode.trainingId(), memberId, trainer.memberId());
        accessChangedHere();
    }

    // ---- commands (cmd) ---------------------------------------------------------------------------

    /** The machine states {@code set-state} may ask for; {@code active}, {@code ending} and {@code fault} are the node's. */
    public static final Set<MachineState> SETTABLE_STATES = Set.of(MachineState.IDLE, MachineState.BLOCKED,
            MachineState.OUT_OF_SERVICE, MachineState.TO_CHECK);

    /** A command as it was sent. */
    public record SentCommand(String id, String node, String machine, String action, Map<String, String> args,
                              Instant sentAt) {
    }

    /**
     * Signs and publishes a command to a node (docs/protocol.md §7.7) and audits it with who sent it and why. The node
     * executes it once if it arrives within {@code maxCommandAge}; a node offline for longer never runs it.
     *
     * @param args {@code reason} (required for {@code force-off}), {@code state} (required for {@code set-state})
     * @throws NotFound when there is no such node
     */
    public SentCommand sendCommand(Principal actor, String nodeId, CommandAction action, Map<String, String> args) {
        NodeRecord node = directory.nodes().stream().filter(n -> n.id().equals(nodeId)).findFirst()
                .orElseThrow(() -> new NotFound(ErrorCode.NODE_NOT_FOUND, nodeId));
        Instant now = clock.instant();
        String id = "c-" + UUID.randomUUID().toString().replace("-", "");
        if (lab == null) {
            throw new IllegalStateException("this gateway sends no commands");
        }
        Command command = new Command(Message.VERSION, lab, nodeId, now, id, action, args);
        try {
            commands.send(command);
        } catch (Exception e) {
            throw new IllegalStateException("command " + action.wire() + " to " + nodeId + " not published: "
                    + e.getMessage(), e);
        }
        store.audit(audit(actor, AuditAction.NODE_COMMAND, "node", nodeId).machine(node.machineId())
                .reason(command.args().get("reason")).with("command", action.wire())
                .with("state", command.args().get("state")).with("id", id));
        LOG.info("command sent [node: {}, action: {}, id: {}, by: {}]", nodeId, action.wire(), id, actor.actor());
        if (action == CommandAction.RESYNC) {
            worker.execute(() -> republish(nodeId));
        }
        return new SentCommand(id, nodeId, node.machineId(), action.wire(), command.args(), now);
    }

    // ---- live decisions (auth/request) ----------------------------------------------------------

    /**
     * How many recent session starts per node are kept for the trainer-present rule: in memory those seen here, in
     * the database the trainers' ones, seen by any instance.
     */
    private static final int RECENT_STARTS = 8;

    /** A member badged successfully on a node at an instant. */
    private record Badged(String memberId, Instant at) {
    }

    /** The facts a live decision reads, loaded once and reused until {@link #accessChanged()} drops them. */
    private record LiveFacts(SnapshotIndex index, AccessStore.Snapshot snapshot, Map<String, NodeRecord> nodes,
                             Map<String, MachineFacts> machines) {
        static LiveFacts load(AccessStore store, LabDirectory directory) {
            AccessStore.Snapshot snapshot = store.snapshot();
            return new LiveFacts(new SnapshotIndex(snapshot), snapshot,
                    directory.nodes().stream().collect(Collectors.toMap(NodeRecord::id, n -> n)),
                    snapshot.machines().stream().collect(Collectors.toMap(MachineFacts::machineId, m -> m)));
        }
    }

    /**
     * The live decision for a badge presented at a node ({@code auth/request}): every rule of {@link AccessRules#decide},
     * the two live-only checks included (trainer present, balance). Reads a cached copy of the access facts that any
     * change drops, so a decision costs no query but the balance check. A grant is remembered as a badge on that node
     * for the trainer-present rule. Blocking (the first call after a change loads the facts): call it from a worker.
     *
     * @return the decision and the badge holder, empty when the node is unknown or switches no known machine
     */
    public Optional<LiveDecision> decideLive(String nodeId, CredentialRef credential) {
        return decideLive(nodeId, credential, Optional.empty());
    }

    /**
     * {@link #decideLive(String, CredentialRef)} for a node of a lab in a network of labs, which sends the badge's
     * network hash too: a badge none of our members holds is then decided as the partner lab's visitor it may be.
     */
    public Optional<LiveDecision> decideLive(String nodeId, CredentialRef credential, Optional<String> networkHash) {
        CachedFacts cached = liveFacts.get();
        LiveFacts facts = cached.facts();
        if (facts == null || !facts.nodes().containsKey(nodeId)) {
            facts = LiveFacts.load(store, directory);
            // kept only if nothing dropped the facts meanwhile: a change committed during the load may be missing
            liveFacts.compareAndSet(cached, new CachedFacts(facts));
        }
        return decideLive(facts, nodeId, credential, networkHash);
    }

    /**
     * {@link #decideLive} when the cached access facts already cover the node and its machine, so the decision reads
     * only memory and never waits for the database: for a caller that must not block (the MQTT callback thread).
     * Safe on any thread: the facts are a snapshot read once through a volatile field and only read (their lazy
     * index is a concurrent map), the recent badges of a node are locked per node, and the balance check is
     * billing's in-memory one ({@link BalanceCheck} must not block for long).
     *
     * @return the decision and the badge holder; empty when deciding would need a load, or the node switches no
     * known machine ({@link #decideLive} on a worker tells the two apart)
     */
    public Optional<LiveDecision> decideLiveFromMemory(String nodeId, CredentialRef credential) {
        return decideLiveFromMemory(nodeId, credential, Optional.empty());
    }

    /** {@link #decideLiveFromMemory(String, CredentialRef)} with the badge's network hash, as {@link #decideLive}. */
    public Optional<LiveDecision> decideLiveFromMemory(String nodeId, CredentialRef credential,
                                                       Optional<String> networkHash) {
        LiveFacts facts = liveFacts.get().facts();
        return facts == null || !facts.nodes().containsKey(nodeId) ? Optional.empty()
                : decideLive(facts, nodeId, credential, networkHash);
    }

    private Optional<LiveDecision> decideLive(LiveFacts facts, String nodeId, CredentialRef credential,
                                              Optional<String> networkHash) {
        Instant now = clock.instant();
        NodeRecord node = facts.nodes().get(nodeId);
        MachineFacts machine = node == null ? null : facts.machines().get(node.machineId());
        if (machine == null) {
            return Optional.empty();
        }
        Optional<AclCandidate> badge = facts.index().candidate(machine, credential.hash(), now)
                .or(() -> networkHash.flatMap(hash -> facts.index().visitor(hash, now)));
        AccessContext ctx = new AccessContext(badge.map(b -> new AccessContext.Badge(b.status(), b.member()))
                .orElse(null), machine, facts.snapshot().trainings(),
                badge.map(AclCandidate::certifications).orElse(List.of()),
                badge.map(AclCandidate::lastUse).orElse(Map.of()), facts.snapshot().opening(), zone,
                badge.map(AclCandidate::trainerForMachine).orElse(false), lastTrainerBadge(facts, machine, nodeId),
                balance);
        AccessDecision decision = AccessRules.decide(ctx, now);
        if (decision instanceof AccessDecision.Granted granted) {
            sessionStartedBy(nodeId, granted.memberId(), now);
        }
        return Optional.of(new LiveDecision(decision, badge.map(b -> b.member())));
    }

    /**
     * Names a partner lab's visitor a node refused, with their home lab and the node's reason, in this gateway's log:
     * the node logs the same refusal by badge hash only. On the worker.
     */
    private void logVisitorRefused(String nodeId, EventData.BadgeDenied denied) {
        try {
            LiveFacts facts = liveFacts.get().facts();
            if (facts == null) {
                facts = LiveFacts.load(store, directory);
            }
            facts.index().visitor(denied.networkHash(), clock.instant()).ifPresent(visitor -> LOG.info(
                    "a partner lab's visitor was refused [node: {}, visitor: {} ({}), home lab: {}, reason: {}]",
                    nodeId, visitor.member().memberId(), visitor.member().displayName(),
                    visitor.member().memberId().substring(0, visitor.member().memberId().indexOf(':')),
                    denied.reason()));
        } catch (RuntimeException e) {
            LOG.warn("refusal at node {} not matched to a visitor: {}", nodeId, e.getMessage());
        }
    }

    /** The cached facts; null when dropped or not loaded yet. */
    private record CachedFacts(LiveFacts facts) {
    }

    /**
     * A live decision and who holds the badge, when it is enrolled (also for a denial, so the node can name them).
     */
    public record LiveDecision(AccessDecision decision, Optional<MemberFacts> holder) {
    }

    private Instant lastTrainerBadge(LiveFacts facts, MachineFacts machine, String nodeId) {
        Deque<Badged> starts = recentStarts.get(nodeId);
        if (starts == null) {
            return null;
        }
        Set<String> gating = facts.index().gating(machine);
        Set<String> trainers = facts.snapshot().trainers().stream().filter(t -> gating.contains(t.trainingId()))
                .map(AccessStore.TrainerRight::memberId).collect(Collectors.toSet());
        synchronized (starts) {
            return starts.stream().filter(b -> trainers.contains(b.memberId())).map(Badged::at)
                    .max(Comparator.naturalOrder()).orElse(null);
        }
    }

    /** Counts a session start here at once, and on the other instances once the worker kept it, if a trainer's. */
    private void sessionStartedBy(String nodeId, String memberId, Instant at) {
        // to the millisecond, as the database keeps it: the same badge read back is not counted twice
        PeerTraining.TrainerBadge badge = new PeerTraining.TrainerBadge(memberId, at.truncatedTo(ChronoUnit.MILLIS));
        remember(Map.of(nodeId, List.of(badge)));
        worker.execute(() -> shareIfTrainer(nodeId, badge));
    }

    /**
     * On the worker: keeps a trainer's badge in the database and tells the other instances; a member who is trainer
     * for no training is left out, as the rule counts only trainers.
     */
    private void shareIfTrainer(String nodeId, PeerTraining.TrainerBadge badge) {
        try {
            if (store.trainers().stream().anyMatch(t -> t.memberId().equals(badge.memberId()))) {
                store.saveRecentTrainerBadge(nodeId, badge, RECENT_STARTS);
                changes.publish(new ChangeFeed.TrainerBadged(nodeId));
            }
        } catch (RuntimeException e) {
            LOG.warn("trainer's badge not kept for the other gateway instances [node: {}]: {}", nodeId,
                    e.getMessage());
        }
    }

    /** Merges {@code badges} into the recent session starts of their nodes, keeping the newest of each node. */
    private void remember(Map<String, List<PeerTraining.TrainerBadge>> badges) {
        badges.forEach((nodeId, added) -> {
            Deque<Badged> starts = recentStarts.computeIfAbsent(nodeId, id -> new ArrayDeque<>());
            synchronized (starts) {
                List<Badged> all = Stream.concat(starts.stream(), added.stream()
                        .map(b -> new Badged(b.memberId(), b.at()))).distinct()
                        .sorted(Comparator.comparing(Badged::at)).toList();
                starts.clear();
                starts.addAll(all.subList(Math.max(0, all.size() - RECENT_STARTS), all.size()));
            }
        });
    }

    private AuditEntry audit(Principal actor, AuditAction action, String subjectType, String subjectId) {
        return AuditEntry.of(clock.instant(), actor.actor(), action, subjectType, subjectId);
    }

    @Override
    public void close() {
        worker.close();
    }
}

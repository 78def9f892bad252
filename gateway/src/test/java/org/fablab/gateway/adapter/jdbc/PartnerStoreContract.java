package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.network.Equivalence;
import org.fablab.gateway.network.Partner;
import org.fablab.gateway.network.TravelFacts;
import org.fablab.gateway.network.Visitor;
import org.fablab.gateway.network.VisitPricing;
import org.fablab.gateway.network.VisitorPolicy;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.NotFound;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.network.VisitorPasses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Partners, equivalences and pass lists as every database must keep them, with two instances on one database. */
abstract class PartnerStoreContract {
    private static final Instant NOW = Instant.parse("2026-12-04T11:00:00Z");
    private static final String HASH = "cd".repeat(32);
    private final List<Database> opened = new ArrayList<>();

    /** Opens the test's database, creating it on the first call; each call is another pool, as another instance. */
    abstract Database openDatabase();

    abstract void dropDatabase();

    private JdbcPartnerStore instance() {
        Database database = openDatabase();
        opened.add(database);
        return new JdbcPartnerStore(database.dataSource());
    }

    @AfterEach
    void close() {
        opened.forEach(Database::close);
        opened.clear();
        dropDatabase();
    }

    @Test
    void aPartnerIsKeptWithItsKey_andItsIdIsTakenOnce() {
        JdbcPartnerStore store = instance();
        Partner partner = partner("lab-a");

        store.add(partner, audit(AuditAction.PARTNER_ADDED));

        assertThat(store.partner("lab-a")).contains(partner);
        assertThat(store.partners()).containsExactly(partner);
        assertThatThrownBy(() -> store.add(partner, audit(AuditAction.PARTNER_ADDED))).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> store.setTerms("lab-z", VisitorPolicy.NONE, 0, List.of(), VisitPricing.HOST,
                audit(AuditAction.PARTNER_CHANGED))).isInstanceOf(NotFound.class);
        store.setTerms("lab-a", VisitorPolicy.NONE, 600, List.of(), VisitPricing.NETWORK,
                audit(AuditAction.PARTNER_CHANGED));
        assertThat(store.partner("lab-a")).contains(partner.withTerms(VisitorPolicy.NONE, 600, List.of())
                .withVisitPricing(VisitPricing.NETWORK));
    }

    @Test
    void aPartnersVisitorPlansAreKept_andAPlanWeDoNotHaveIsRefusedLeavingTheTermsAsTheyWere() {
        JdbcPartnerStore store = instance();
        Partner partner = partner("lab-a");
        store.add(partner, audit(AuditAction.PARTNER_ADDED));
        planExists("network-pass");
        planExists("student");

        store.setTerms("lab-a", VisitorPolicy.PLANS, 0, List.of("network-pass", "student"), VisitPricing.HOST,
                audit(AuditAction.PARTNER_CHANGED));
        Partner onPlans = partner.withTerms(VisitorPolicy.PLANS, 0, List.of("network-pass", "student"));
        assertThat(store.partner("lab-a")).contains(onPlans);

        assertThatThrownBy(() -> store.setTerms("lab-a", VisitorPolicy.PLANS, 0, List.of("no-such"),
                VisitPricing.HOST, audit(AuditAction.PARTNER_CHANGED))).isInstanceOf(NotFound.class).hasMessageContaining("no-such");
        assertThatThrownBy(() -> store.add(Partner.of("lab-b", "Fablab lab-b",
                Ed25519Keys.encode(Ed25519Keys.generate().getPublic()), VisitorPolicy.PLANS, NOW, 0,
                List.of("no-such"), VisitPricing.HOST), audit(AuditAction.PARTNER_ADDED))).isInstanceOf(NotFound.class);
        assertThat(store.partners()).containsExactly(onPlans);
    }

    @Test
    void travelFacts_areTheConsentAndPlanOfMembersWithEither() {
        JdbcPartnerStore store = instance();
        planExists("network-pass");
        memberExists("m-1", true, null);
        memberExists("m-2", false, "network-pass");
        memberExists("m-3", false, null);

        assertThat(store.travelFacts()).containsExactly(new TravelFacts("m-1", true, null),
                new TravelFacts("m-2", false, "network-pass"));
    }

    @Test
    void aNewerPassListReplacesTheHeldOne_andAnOlderOrRepeatedOneChangesNothing() throws Exception {
        JdbcPartnerStore store = instance();
        store.add(partner("lab-a"), audit(AuditAction.PARTNER_ADDED));
        trainingExists("laser-safety");
        store.setEquivalences("lab-a", List.of(new Equivalence("laser-basics", "laser-safety")),
                audit(AuditAction.EQUIVALENCES_SET));

        assertThat(store.savePasses(passes(3, "m-1"), NOW)).isTrue();
        assertThat(store.savePasses(passes(3, "m-9"), NOW)).isFalse();
        assertThat(store.savePasses(passes(2, "m-9"), NOW)).isFalse();
        assertThat(visitors()).extracting(Visitor::memberId).containsExactly("lab-a:m-1");
        assertThat(visitors().get(0).ourTrainings()).containsExactly("laser-safety");

        assertThat(store.savePasses(passes(4, "m-2"), NOW)).isTrue();
        assertThat(visitors()).extracting(Visitor::memberId).containsExactly("lab-a:m-2");
        assertThat(store.heldLists()).singleElement().satisfies(held -> {
            assertThat(held.version()).isEqualTo(4);
            assertThat(held.passes()).isEqualTo(1);
        });
    }

    @Test
    void twoInstancesStoringTheSameRedeliveredList_keepItOnce() throws Exception {
        JdbcPartnerStore first = instance();
        JdbcPartnerStore second = instance();
        first.add(partner("lab-a"), audit(AuditAction.PARTNER_ADDED));
        for (long version = 1; version <= 20; version++) {
            VisitorPasses list = passes(version, "m-" + version);

            List<Boolean> kept = atOnce(() -> first.savePasses(list, NOW), () -> second.savePasses(list, NOW));

            assertThat(kept).as("version " + version).containsExactlyInAnyOrder(true, false);
            assertThat(visitors()).extracting(Visitor::visitorId).containsExactly("m-" + version);
        }
    }

    @Test
    void passVersions_growAcrossInstances_andStayAboveTheFloor() {
        JdbcPartnerStore first = instance();
        JdbcPartnerStore second = instance();
        first.add(partner("lab-a"), audit(AuditAction.PARTNER_ADDED));

        long a = first.nextPassVersion("lab-a", 100);
        long b = second.nextPassVersion("lab-a", 50);
        long c = first.nextPassVersion("lab-a", 500);

        assertThat(a).isEqualTo(100);
        assertThat(b).isEqualTo(101);
        assertThat(c).isEqualTo(500);
    }

    @Test
    void twoInstancesAskingForVersionsAtOnce_getDistinctOnes() throws Exception {
        JdbcPartnerStore first = instance();
        JdbcPartnerStore second = instance();
        first.add(partner("lab-a"), audit(AuditAction.PARTNER_ADDED));
        List<Long> versions = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            versions.addAll(atOnce(() -> first.nextPassVersion("lab-a", 1), () -> second.nextPassVersion("lab-a", 1)));
        }

        assertThat(versions).doesNotHaveDuplicates().hasSize(40);
    }

    /** What two instances answer when asked at the same moment, each on its own thread. */
    private static <T> List<T> atOnce(Callable<T> one, Callable<T> other) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<T> answers = new ArrayList<>();
            for (Future<T> answer : threads.invokeAll(List.of(one, other))) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void removingAPartner_deletesItsEquivalencesAndPasses_andRefusesItsNextList() throws Exception {
        JdbcPartnerStore store = instance();
        store.add(partner("lab-a"), audit(AuditAction.PARTNER_ADDED));
        trainingExists("laser-safety");
        store.setEquivalences("lab-a", List.of(new Equivalence("laser-basics", "laser-safety")),
                audit(AuditAction.EQUIVALENCES_SET));
        store.savePasses(passes(1, "m-1"), NOW);

        store.remove("lab-a", audit(AuditAction.PARTNER_REMOVED));

        assertThat(visitors()).isEmpty();
        assertThat(store.equivalences("lab-a")).isEmpty();
        assertThat(store.savePasses(passes(2, "m-1"), NOW)).isFalse();
        assertThatThrownBy(() -> store.remove("lab-a", audit(AuditAction.PARTNER_REMOVED)))
                .isInstanceOf(NotFound.class);
    }

    @Test
    void anEquivalenceToATrainingWeDoNotHave_isRefused_andTheOldOnesStay() throws Exception {
        JdbcPartnerStore store = instance();
        store.add(partner("lab-a"), audit(AuditAction.PARTNER_ADDED));
        trainingExists("laser-safety");
        List<Equivalence> kept = List.of(new Equivalence("laser-basics", "laser-safety"));
        store.setEquivalences("lab-a", kept, audit(AuditAction.EQUIVALENCES_SET));

        assertThatThrownBy(() -> store.setEquivalences("lab-a", List.of(new Equivalence("cnc", "no-such")),
                audit(AuditAction.EQUIVALENCES_SET))).isInstanceOf(NotFound.class);
        assertThat(store.equivalences("lab-a")).isEqualTo(kept);
    }

    private List<Visitor> visitors() {
        return Sql.read(opened.get(0).dataSource(), JdbcPartnerStore::visitors);
    }

    private void planExists(String id) {
        Sql.transaction(opened.get(0).dataSource(), ErrorCode.REQUEST_CONFLICT.with(), c -> Sql.update(c, """
                insert into plans (id, name, monthly_fee_cents, included_minutes, machine_kinds, vat_basis_points,
                                   active)
                values (?, ?, ?, ?, ?, ?, ?)""", id, id, 0, 0, "", 0, true));
    }

    private void memberExists(String id, boolean networkVisits, String planId) {
        Sql.transaction(opened.get(0).dataSource(), ErrorCode.REQUEST_CONFLICT.with(), c -> Sql.update(c, """
                insert into members (id, display_name, active, network_visits, plan_id)
                values (?, ?, ?, ?, ?)""", id, id, true, networkVisits, planId));
    }

    private void trainingExists(String id) {
        Sql.transaction(opened.get(0).dataSource(), ErrorCode.REQUEST_CONFLICT.with(),
                c -> Sql.update(c, "insert into trainings (id, name, category, validity_kind) values (?, ?, ?, ?)",
                        id, id, "safety", "forever"));
    }

    private static VisitorPasses passes(long version, String visitor) {
        return new VisitorPasses(1, "lab-a", "lab-b", NOW, version, NOW.plus(Duration.ofDays(1)),
                List.of(new VisitorPasses.Pass(HASH, visitor, "Visitor " + visitor, List.of("laser-basics"))));
    }

    private static Partner partner(String id) {
        return Partner.of(id, "Fablab " + id, Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                VisitorPolicy.ALL, NOW, 0, List.of(), VisitPricing.HOST);
    }

    private static AuditEntry audit(AuditAction action) {
        return AuditEntry.of(NOW, "admin", action, "partner", "lab-a");
    }
}

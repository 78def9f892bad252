package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.access.AccessDecision;
import org.fablab.gateway.access.DenyReason;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.NetworkService;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Signer;
import org.fablab.protocol.network.NetworkInbound;
import org.fablab.protocol.network.NetworkVerifier;
import org.fablab.protocol.network.VisitorPasses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Partner labs through the API, and what they change: a partner's pass list, once verified, puts its visitors on our
 * laser's ACL through the equivalences; our own pass list carries our members' badges under the network pepper.
 */
class NetworkApiTest {
    private static final KeyPair PARTNER = Ed25519Keys.generate();
    private static final String VISITOR_HASH = new CredentialHasher(ApiHarness.NETWORK_PEPPER)
            .hash("mifare-uid", "04AABBCCDDEEFF", false).hash();

    @TempDir
    Path folder;
    private ApiHarness api;

    @BeforeEach
    void start() {
        api = new ApiHarness(folder);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anAdminAddsAPartner_itsFingerprintIsShownAndTheAdditionAudited() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);

        ApiHarness.Response added = admin.post("/api/v1/partners", partner("lab-a"));

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("fingerprint").asText())
                .isEqualTo(Ed25519Keys.fingerprint(PARTNER.getPublic()));
        assertThat(added.json().get("visitors").asText()).isEqualTo("all");
        assertThat(admin.get("/api/v1/partners").json()).hasSize(1);
        assertThat(admin.get("/api/v1/audit").json().get("entries")).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("partner.added");
            assertThat(entry.toString()).contains(Ed25519Keys.fingerprint(PARTNER.getPublic()));
        });
    }

    @Test
    void staffRead_whatAPartnerNeedsToRegisterUs_andAMakerDoesNot() {
        ApiHarness.Response identity = api.browser(Role.TREASURER).get("/api/v1/network");

        assertThat(identity.status()).isEqualTo(200);
        assertThat(identity.json().get("lab").asText()).isEqualTo("test-lab");
        assertThat(identity.json().get("publicKey").asText()).isEqualTo(ApiHarness.GATEWAY_PUBLIC_KEY);
        assertThat(identity.json().get("fingerprint").asText())
                .isEqualTo(Ed25519Keys.fingerprint(Ed25519Keys.publicKey(ApiHarness.GATEWAY_PUBLIC_KEY)));
        assertThat(identity.json().get("inNetwork").asBoolean()).isTrue();
        assertThat(api.browser(Role.MAKER).get("/api/v1/network").status()).isEqualTo(403);
    }

    @Test
    void onlyAnAdminManagesPartners_aFabmanagerSetsEquivalences_andAMakerReadsNothing() {
        ApiHarness.Client manager = api.browser(Role.FABMANAGER);
        ApiHarness.Client maker = api.browser(Role.MAKER);
        api.browser(Role.ADMIN).post("/api/v1/partners", partner("lab-a"));

        assertThat(manager.post("/api/v1/partners", partner("lab-z")).status()).isEqualTo(403);
        assertThat(manager.patch("/api/v1/partners/lab-a", "{\"visitors\":\"none\"}").status()).isEqualTo(403);
        assertThat(manager.send("DELETE", "/api/v1/partners/lab-a", null).status()).isEqualTo(403);
        assertThat(manager.get("/api/v1/partners").status()).isEqualTo(200);
        assertThat(manager.send("PUT", "/api/v1/partners/lab-a/equivalences", EQUIVALENCE).status()).isEqualTo(200);
        assertThat(maker.get("/api/v1/partners").status()).isEqualTo(403);
        assertThat(maker.send("PUT", "/api/v1/partners/lab-a/equivalences", "{\"equivalences\":[]}").status()).isEqualTo(403);
        assertThat(manager.get("/api/v1/partners/lab-a/equivalences").json().get("equivalences").get(0)
                .get("ourTraining").asText()).isEqualTo("laser-safety");
    }

    @Test
    void badPartnersAndEquivalences_areRefusedNamingTheField_andWriteNothing() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);

        assertProblem(admin.post("/api/v1/partners", "{\"id\":\"Lab A\",\"name\":\"A\",\"publicKey\":\""
                + Ed25519Keys.encode(PARTNER.getPublic()) + "\"}"), 400, "id");
        assertProblem(admin.post("/api/v1/partners", "{\"id\":\"lab-a\",\"name\":\"A\",\"publicKey\":\"abc\"}"), 400,
                "publicKey");
        assertProblem(admin.post("/api/v1/partners", "{\"id\":\"lab-a\",\"name\":\"A\",\"publicKey\":\""
                + Ed25519Keys.encode(PARTNER.getPublic()) + "\",\"visitors\":\"some\"}"), 400, "visitors");
        assertProblem(admin.post("/api/v1/partners", partner("test-lab")), 400, "own id");
        assertThat(admin.get("/api/v1/partners").json()).isEmpty();
        admin.post("/api/v1/partners", partner("lab-a"));
        assertProblem(admin.post("/api/v1/partners", partner("lab-a")), 409, "lab-a");
        assertProblem(admin.send("PUT", "/api/v1/partners/lab-a/equivalences",
                "{\"equivalences\":[{\"theirTraining\":\"laser-basics\",\"ourTraining\":\"no-such\"}]}"), 404,
                "no-such");
        assertProblem(admin.send("PUT", "/api/v1/partners/lab-q/equivalences", EQUIVALENCE), 404, "lab-q");
        assertThat(admin.get("/api/v1/partners/lab-a/equivalences").json().get("equivalences")).isEmpty();
    }

    @Test
    void howAPartnersVisitsArePriced_isOnePartnerTerm_hostByDefault_setOnAddingOrChanging_andAudited() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);
        assertThat(admin.post("/api/v1/partners", partner("lab-a")).json().get("visitPricing").asText())
                .isEqualTo("host");

        ApiHarness.Response added = admin.post("/api/v1/partners", "{\"id\":\"lab-b\",\"name\":\"B\",\"publicKey\":\""
                + Ed25519Keys.encode(PARTNER.getPublic()) + "\",\"visitPricing\":\"network\"}");
        ApiHarness.Response changed = admin.patch("/api/v1/partners/lab-a", "{\"visitPricing\":\"network\"}");

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("visitPricing").asText()).isEqualTo("network");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("visitPricing").asText()).isEqualTo("network");
        assertThat(changed.json().get("visitors").asText()).as("the other terms stay").isEqualTo("all");
        assertThat(admin.get("/api/v1/partners/lab-a").json().get("visitPricing").asText()).isEqualTo("network");
        assertThat(admin.get("/api/v1/audit").json().get("entries")).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("partner.added");
            assertThat(entry.get("params").get("visitPricing").asText()).isEqualTo("network");
        }).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("partner.changed");
            assertThat(entry.get("subjectId").asText()).isEqualTo("lab-a");
            assertThat(entry.get("params").get("visitPricing").asText()).isEqualTo("network");
        });
        assertThat(api.browser(Role.TREASURER).patch("/api/v1/partners/lab-a", "{\"visitPricing\":\"host\"}")
                .status()).as("an agreement's term, not a price: the admin's").isEqualTo(403);
    }

    @Test
    void aBadVisitPricing_isRefusedNamingTheField_andChangesNothing() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);
        admin.post("/api/v1/partners", partner("lab-a"));

        assertProblem(admin.post("/api/v1/partners", "{\"id\":\"lab-b\",\"name\":\"B\",\"publicKey\":\""
                + Ed25519Keys.encode(PARTNER.getPublic()) + "\",\"visitPricing\":\"cheap\"}"), 400, "visitPricing");
        assertProblem(admin.patch("/api/v1/partners/lab-a", "{\"visitPricing\":\"cheap\"}"), 400, "visitPricing");
        assertProblem(admin.patch("/api/v1/partners/lab-a", "{\"visitPricing\":7}"), 400, "visitPricing");
        assertProblem(admin.patch("/api/v1/partners/lab-a", "{\"visitors\":\"none\",\"visitPricing\":\"cheap\"}"),
                400, "visitPricing");

        assertThat(admin.get("/api/v1/partners").json()).singleElement().satisfies(partner -> {
            assertThat(partner.get("visitPricing").asText()).isEqualTo("host");
            assertThat(partner.get("visitors").asText()).isEqualTo("all");
        });
    }

    @Test
    void aPartnersVisitor_reachesOurLaserAcl_onlyThroughAnEquivalence() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);
        admin.post("/api/v1/partners", partner("lab-a"));

        assertThat(api.network.received(accepted(passes(1, List.of("laser-basics"))))).isTrue();
        api.access.rebuildNow();
        assertThat(hashesOnTheLaser()).doesNotContain(VISITOR_HASH);

        admin.send("PUT", "/api/v1/partners/lab-a/equivalences", EQUIVALENCE);
        api.access.rebuildNow();
        assertThat(api.acls.get("laser-1")).anySatisfy(entry -> {
            assertThat(entry.credentialHash()).isEqualTo(VISITOR_HASH);
            assertThat(entry.memberId()).isEqualTo("lab-a:m-7");
            assertThat(entry.memberName()).isEqualTo("Zoé N.");
            assertThat(entry.trainer()).isFalse();
        });
        assertThat(admin.get("/api/v1/partners/lab-a").json().get("passList").get("passes").asInt()).isEqualTo(1);
    }

    @Test
    void aLiveRequestCarryingTheNetworkHash_isDecidedForTheVisitor_withTheMissingTrainingNamed() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);
        admin.post("/api/v1/partners", partner("lab-a"));
        api.network.received(accepted(passes(1, List.of("laser-basics"))));
        CredentialRef unknownHere = new CredentialHasher(new byte[16]).hash("mifare-uid", "04AABBCCDDEEFF", false);

        assertThat(api.access.decideLive("laser-1", unknownHere, Optional.of(VISITOR_HASH)).orElseThrow())
                .satisfies(live -> {
                    assertThat(live.decision()).isInstanceOfSatisfying(AccessDecision.Denied.class,
                            denied -> assertThat(denied.reason()).isEqualTo(DenyReason.TRAINING_MISSING));
                    assertThat(live.holder().orElseThrow().displayName()).isEqualTo("Zoé N.");
                });
        assertThat(api.access.decideLive("laser-1", unknownHere, Optional.empty()).orElseThrow().decision())
                .isInstanceOfSatisfying(AccessDecision.Denied.class,
                        denied -> assertThat(denied.reason()).isEqualTo(DenyReason.UNKNOWN_BADGE));

        admin.send("PUT", "/api/v1/partners/lab-a/equivalences", EQUIVALENCE);

        assertThat(api.access.decideLive("laser-1", unknownHere, Optional.of(VISITOR_HASH)).orElseThrow().decision())
                .isInstanceOfSatisfying(AccessDecision.Granted.class,
                        granted -> assertThat(granted.memberId()).isEqualTo("lab-a:m-7"));
    }

    @Test
    void aNodesRefusalOfAVisitor_isLoggedHereWithTheirHomeLabAndTheReason() {
        api.browser(Role.ADMIN).post("/api/v1/partners", partner("lab-a"));
        api.network.received(accepted(passes(1, List.of("laser-basics"))));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger accessLog = (Logger) LoggerFactory.getLogger(AccessService.class);
        log.start();
        accessLog.addAppender(log);
        try {
            CredentialRef labHash = new CredentialHasher(new byte[16]).hash("mifare-uid", "04AABBCCDDEEFF", false);
            api.access.onNodeEvent(NodeEvent.of("test-lab", "laser-1", api.clock.instant(), 3, "id-3",
                    new EventData.BadgeDenied(labHash, "training-missing", VISITOR_HASH)));

            await().atMost(Duration.ofSeconds(10)).until(() -> log.list.stream()
                    .anyMatch(line -> line.getFormattedMessage().startsWith("a partner lab's visitor was refused")));
            assertThat(log.list).filteredOn(line -> line.getFormattedMessage().startsWith("a partner lab's visitor"))
                    .singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                            .contains("lab-a:m-7 (Zoé N.)", "home lab: lab-a", "reason: training-missing"));
        } finally {
            accessLog.detachAppender(log);
        }
    }

    @Test
    void anOlderOrRepeatedPassList_changesNothing_andANewerOneReplacesTheOldWhole() {
        api.browser(Role.ADMIN).post("/api/v1/partners", partner("lab-a"));
        api.browser(Role.ADMIN).send("PUT", "/api/v1/partners/lab-a/equivalences", EQUIVALENCE);

        assertThat(api.network.received(accepted(passes(5, List.of("laser-basics"))))).isTrue();
        assertThat(api.network.received(accepted(passes(5, List.of("laser-basics"))))).isFalse();
        assertThat(api.network.received(accepted(passes(4, List.of("laser-basics"))))).isFalse();
        api.access.rebuildNow();
        assertThat(hashesOnTheLaser()).contains(VISITOR_HASH);

        assertThat(api.network.received(accepted(passes(6, List.of())))).isTrue();
        api.access.rebuildNow();
        assertThat(hashesOnTheLaser()).doesNotContain(VISITOR_HASH);
    }

    @Test
    void aPassListPastItsEnd_admitsNobody() {
        api.browser(Role.ADMIN).post("/api/v1/partners", partner("lab-a"));
        api.browser(Role.ADMIN).send("PUT", "/api/v1/partners/lab-a/equivalences", EQUIVALENCE);
        Instant issued = api.clock.instant().minus(Duration.ofDays(2));
        VisitorPasses stale = new VisitorPasses(1, "lab-a", "test-lab", issued, 1, issued.plus(Duration.ofDays(1)),
                List.of(new VisitorPasses.Pass(VISITOR_HASH, "m-7", "Zoé N.", List.of("laser-basics"))));

        assertThat(api.network.received(accepted(stale))).isTrue();
        api.access.rebuildNow();

        assertThat(hashesOnTheLaser()).doesNotContain(VISITOR_HASH);
    }

    @Test
    void onAMachineNoTrainingGates_aVisitorIsAdmittedOnlyWhileTheirListRuns() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);
        admin.post("/api/v1/partners", partner("lab-a"));
        JdbcLabDirectory directory = new JdbcLabDirectory(api.dataSource(), api.clock);
        directory.upsert(new MachineRecord("drill-1", "Drill", "drill"));
        directory.upsert(new NodeRecord("drill-1", "drill-1", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15)));
        Instant issued = api.clock.instant().minus(Duration.ofDays(2));
        api.network.received(accepted(new VisitorPasses(1, "lab-a", "test-lab", issued, 1,
                issued.plus(Duration.ofDays(1)), List.of(new VisitorPasses.Pass(VISITOR_HASH, "m-7", "Zoé N.",
                List.of())))));
        api.access.rebuildNow();
        assertThat(api.acls).containsKey("drill-1");
        assertThat(hashesOn("drill-1")).doesNotContain(VISITOR_HASH);

        api.network.received(accepted(passes(2, List.of())));
        api.access.rebuildNow();
        assertThat(hashesOn("drill-1")).contains(VISITOR_HASH);
    }

    @Test
    void aPartnerListingOneOfOurOwnMembersBadges_doesNotMakeThemItsVisitor() {
        ApiHarness.Client manager = api.browser(Role.FABMANAGER);
        api.browser(Role.ADMIN).post("/api/v1/partners", partner("lab-a"));
        manager.send("PUT", "/api/v1/partners/lab-a/equivalences", EQUIVALENCE);
        manager.post("/api/v1/members/m-maker/badges", "{\"type\":\"mifare-uid\",\"uid\":\"04112233445566\"}");
        String ours = new CredentialHasher(ApiHarness.NETWORK_PEPPER).hash("mifare-uid", "04112233445566", false)
                .hash();
        Instant now = api.clock.instant();

        api.network.received(accepted(new VisitorPasses(1, "lab-a", "test-lab", now, 1, now.plus(Duration.ofDays(30)),
                List.of(new VisitorPasses.Pass(ours, "m-1", "Our maker", List.of("laser-basics")),
                        new VisitorPasses.Pass(VISITOR_HASH, "m-7", "Zoé N.", List.of("laser-basics"))))));
        api.access.rebuildNow();

        assertThat(hashesOnTheLaser()).contains(VISITOR_HASH).doesNotContain(ours);
        JsonNode held = api.browser(Role.ADMIN).get("/api/v1/partners/lab-a").json().get("passList");
        assertThat(held.get("passes").asInt()).isEqualTo(1);
        assertThat(Instant.parse(held.get("validUntil").asText())).as("a list ends at most a week after it was made")
                .isEqualTo(now.plus(NetworkService.MAX_PASS_VALIDITY).truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void removingAPartner_takesItsVisitorsOffTheAcl_andItsNextListIsNotKept() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);
        admin.post("/api/v1/partners", partner("lab-a"));
        admin.send("PUT", "/api/v1/partners/lab-a/equivalences", EQUIVALENCE);
        api.network.received(accepted(passes(1, List.of("laser-basics"))));

        assertThat(admin.send("DELETE", "/api/v1/partners/lab-a", null).status()).isEqualTo(204);
        api.access.rebuildNow();

        assertThat(hashesOnTheLaser()).doesNotContain(VISITOR_HASH);
        assertThat(api.passesSent).as("the partner is told at once that none of ours may visit any more").last()
                .satisfies(last -> {
                    assertThat(last.to()).isEqualTo("lab-a");
                    assertThat(last.passes()).isEmpty();
                });
        assertThat(api.network.received(accepted(passes(2, List.of("laser-basics"))))).isFalse();
        assertThat(admin.get("/api/v1/partners/lab-a").status()).isEqualTo(404);
    }

    @Test
    void ourPassList_carriesOurTrainedMembersBadgesUnderTheNetworkPepper() {
        ApiHarness.Client manager = api.browser(Role.FABMANAGER);
        api.browser(Role.ADMIN).post("/api/v1/partners", partner("lab-a"));
        assertThat(manager.post("/api/v1/members/m-maker/badges", "{\"type\":\"mifare-uid\",\"uid\":\"04112233445566\"}")
                .status()).isEqualTo(201);
        assertThat(manager.post("/api/v1/members/m-maker/certifications", "{\"trainingId\":\"laser-safety\"}")
                .status()).isEqualTo(201);

        api.network.publishPasses();

        int lists = api.passesSent.size();
        VisitorPasses sent = api.passesSent.get(lists - 1);
        assertThat(sent.to()).isEqualTo("lab-a");
        assertThat(sent.from()).isEqualTo("test-lab");
        assertThat(sent.passes()).singleElement().satisfies(pass -> {
            assertThat(pass.credentialHash()).isEqualTo(new CredentialHasher(ApiHarness.NETWORK_PEPPER)
                    .hash("mifare-uid", "04112233445566", false).hash());
            assertThat(pass.visitorId()).isEqualTo("m-maker");
            assertThat(pass.trainings()).containsExactly("laser-safety");
        });

        api.network.publishPasses();
        assertThat(api.passesSent).as("an unchanged list is not sent again before its renewal").hasSize(lists);

        api.browser(Role.ADMIN).patch("/api/v1/partners/lab-a", "{\"visitors\":\"none\"}");
        api.network.publishPasses();
        assertThat(api.passesSent).last().satisfies(list -> {
            assertThat(list.passes()).isEmpty();
            assertThat(list.version()).isGreaterThan(sent.version());
        });
    }

    @Test
    void aVisitorsSession_namesThemWithTheirHomeLab_andIsChargedAtOurPricesToTheirHomeLabsNetworkAccount()
            throws Exception {
        insertVisit("s-visit", 1_200);
        api.browser(Role.ADMIN).post("/api/v1/partners", partner("lab-a"));
        api.network.received(accepted(passes(1, List.of("laser-basics"))));
        assertThat(api.browser(Role.FABMANAGER).get("/api/v1/sessions?machine=laser-1").json())
                .anySatisfy(session -> {
                    assertThat(session.get("id").asText()).isEqualTo("s-visit");
                    assertThat(session.get("memberName").asText()).isEqualTo("Zoé N. (Fablab lab-a)");
                });
        assertThat(api.browser(Role.TREASURER).send("PUT", "/api/v1/prices/laser-cutter",
                "{\"wall\":{\"blockMinutes\":15,\"centsPerBlock\":200},\"vatBasisPoints\":2000}").status())
                .isEqualTo(200);

        api.billing.charging().catchUp();

        assertThat(api.billing.charging().parkedCauses()).isEmpty();
        assertThat(api.ledgerOf("session:laser-1:s-visit")).as("20 min in started 15-min blocks")
                .extracting(e -> e.account() + " " + e.amountCents()).containsExactly(
                "network:lab-a 400");
        assertThat(api.billing.charging().owed("network:lab-a")).isEqualTo(400);
        assertThat(api.billing.charging().owed("lab-a:m-7")).as("the visitor owes us nothing").isZero();
    }

    @Test
    void aVisitFromALabNoLongerAPartner_isParkedWithThePartnerNamed_andWritesNoMoney() throws Exception {
        insertVisit("s-gone", 600);

        api.billing.charging().catchUp();

        assertThat(api.billing.charging().parkedCauses()).singleElement().satisfies(parked -> {
            assertThat(parked.cause()).isEqualTo("session:laser-1:s-gone");
            assertThat(parked.reason()).isEqualTo("no partner lab lab-a");
        });
        assertThat(api.ledgerOf("session:laser-1:s-gone")).isEmpty();
    }

    private void insertVisit(String sessionId, long seconds) throws Exception {
        Instant start = api.clock.instant().minus(Duration.ofHours(2));
        try (Connection c = api.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement("""
                insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at,
                                      ended_at, wall_seconds, active_seconds, energy_wh, end_reason, interrupted, offline)
                values ('laser-1', ?, 'laser-1', 'lab-a:m-7', ?, ?, ?, ?, 0, 0, 'badge-out', false, false)""")) {
            insert.setString(1, sessionId);
            insert.setString(2, VISITOR_HASH);
            insert.setLong(3, start.toEpochMilli());
            insert.setLong(4, start.plusSeconds(seconds).toEpochMilli());
            insert.setLong(5, seconds);
            insert.executeUpdate();
        }
    }

    /** The ledger entries of {@code cause}, as "account amount". */

    private static final String EQUIVALENCE =
            "{\"equivalences\":[{\"theirTraining\":\"laser-basics\",\"ourTraining\":\"laser-safety\"}]}";

    private List<String> hashesOnTheLaser() {
        return hashesOn("laser-1");
    }

    private List<String> hashesOn(String node) {
        return api.acls.getOrDefault(node, List.of()).stream().map(entry -> entry.credentialHash()).toList();
    }

    private VisitorPasses passes(long version, List<String> trainings) {
        Instant now = api.clock.instant();
        return new VisitorPasses(1, "lab-a", "test-lab", now, version, now.plus(Duration.ofDays(1)),
                List.of(new VisitorPasses.Pass(VISITOR_HASH, "m-7", "Zoé N.", trainings)));
    }

    /** The list as the network link hands it over: signed by the partner and verified here. */
    private NetworkInbound.Accepted accepted(VisitorPasses passes) {
        NetworkInbound verdict = new NetworkVerifier("test-lab", lab -> Optional.of(PARTNER.getPublic()), api.clock)
                .verify(passes.topic().toString(), new Signer(PARTNER.getPrivate()).sign(passes));
        return (NetworkInbound.Accepted) verdict;
    }

    private static String partner(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"Fablab " + id + "\",\"publicKey\":\""
                + Ed25519Keys.encode(PARTNER.getPublic()) + "\"}";
    }

    private static void assertProblem(ApiHarness.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(detail);
    }
}

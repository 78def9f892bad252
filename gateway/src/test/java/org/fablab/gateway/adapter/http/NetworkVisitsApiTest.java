package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.network.VisitorPasses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which of our members a partner receives (docs/network.md, "Partners and equivalences"): the partner's terms
 * ({@code visitors}, {@code visitorPlans}) and each member's consent ({@code networkVisits}), and what they change in
 * the next pass list we send.
 */
class NetworkVisitsApiTest {
    private static final String PARTNER_KEY = Ed25519Keys.encode(Ed25519Keys.generate().getPublic());

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
    void anAdminReceivesTheMembersOfSomePlans_andBadTermsAreRefusedNamingTheField_writingNothing() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);
        plan("network-pass");

        assertProblem(admin.post("/api/v1/partners", partner("lab-a", ",\"visitors\":\"plans\"")), 400,
                "visitorPlans is required for visitors plans");
        assertProblem(admin.post("/api/v1/partners", partner("lab-a", ",\"visitors\":\"plans\",\"visitorPlans\":[]")),
                400, "visitorPlans is required for visitors plans");
        assertProblem(admin.post("/api/v1/partners", partner("lab-a", ",\"visitorPlans\":[\"network-pass\"]")), 400,
                "visitorPlans is not accepted with visitors all");
        assertProblem(admin.post("/api/v1/partners", partner("lab-a",
                ",\"visitors\":\"plans\",\"visitorPlans\":\"network-pass\"")), 400, "visitorPlans must be a list");
        assertProblem(admin.post("/api/v1/partners", partner("lab-a",
                ",\"visitors\":\"plans\",\"visitorPlans\":[\"gold\"]")), 404, "no plan gold");
        assertProblem(admin.post("/api/v1/partners", partner("lab-a", ",\"visitors\":\"some\"")), 400,
                "all, none, opted-in, plans");
        assertThat(admin.get("/api/v1/partners").json()).isEmpty();

        ApiHarness.Response added = admin.post("/api/v1/partners", partner("lab-a",
                ",\"visitors\":\"plans\",\"visitorPlans\":[\"network-pass\"]"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("visitors").asText()).isEqualTo("plans");
        assertThat(added.json().get("visitorPlans").toString()).isEqualTo("[\"network-pass\"]");

        assertProblem(admin.patch("/api/v1/partners/lab-a", "{\"visitorPlans\":[]}"), 400,
                "visitorPlans is required for visitors plans");
        assertProblem(admin.patch("/api/v1/partners/lab-a", "{\"visitorPlans\":[\"gold\"]}"), 404, "no plan gold");
        assertThat(admin.get("/api/v1/partners/lab-a").json().get("visitorPlans").toString())
                .isEqualTo("[\"network-pass\"]");

        ApiHarness.Response optedIn = admin.patch("/api/v1/partners/lab-a", "{\"visitors\":\"opted-in\"}");
        assertThat(optedIn.status()).as(optedIn.body()).isEqualTo(200);
        assertThat(optedIn.json().get("visitors").asText()).isEqualTo("opted-in");
        assertThat(optedIn.json().get("visitorPlans")).as("another policy clears the plans").isEmpty();
        assertProblem(admin.patch("/api/v1/partners/lab-a", "{\"visitorPlans\":[\"network-pass\"]}"), 400,
                "visitorPlans is not accepted with visitors opted-in");
        assertThat(admin.get("/api/v1/audit").json().get("entries")).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("partner.added");
            assertThat(entry.toString()).contains("plans (network-pass)");
        });
    }

    @Test
    void aMakerGivesAndWithdrawsTheirOwnConsent_staffWhoManageMembersMayToo_andOthersMayNot() {
        ApiHarness.Client maker = api.browser(Role.MAKER);
        ApiHarness.Client manager = api.browser(Role.FABMANAGER);
        AtomicInteger accessChanges = new AtomicInteger();
        api.access.onAccessChanged(accessChanges::incrementAndGet);

        assertThat(maker.get("/api/v1/members/m-maker").json().get("networkVisits").asBoolean())
                .as("no consent is presumed").isFalse();
        ApiHarness.Response given = maker.send("PUT", "/api/v1/members/m-maker/network-visits",
                "{\"networkVisits\":true}");
        assertThat(given.status()).as(given.body()).isEqualTo(200);
        assertThat(given.json().get("networkVisits").asBoolean()).isTrue();
        assertThat(accessChanges).as("the pass lists follow, as after any change of the access facts").hasValue(1);

        assertThat(maker.send("PUT", "/api/v1/members/m-trainer/network-visits", "{\"networkVisits\":true}")
                .status()).isEqualTo(403);
        assertThat(api.browser(Role.TRAINER).send("PUT", "/api/v1/members/m-maker/network-visits",
                "{\"networkVisits\":false}").status()).isEqualTo(403);
        assertThat(manager.send("PUT", "/api/v1/members/m-maker/network-visits", "{\"networkVisits\":false}")
                .json().get("networkVisits").asBoolean()).isFalse();
        assertThat(manager.get("/api/v1/audit").json().get("entries")).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("member.updated");
            assertThat(entry.get("actor").asText()).isEqualTo("fabmanager");
            assertThat(entry.toString()).contains("networkVisits=false");
        });
    }

    @Test
    void badConsentBodies_areRefusedNamingTheField_andChangeNothing() {
        ApiHarness.Client maker = api.browser(Role.MAKER);
        maker.send("PUT", "/api/v1/members/m-maker/network-visits", "{\"networkVisits\":true}");

        assertProblem(maker.send("PUT", "/api/v1/members/m-maker/network-visits", "{}"), 400,
                "networkVisits is required");
        assertProblem(maker.send("PUT", "/api/v1/members/m-maker/network-visits", "{\"networkVisits\":\"no\"}"),
                400, "networkVisits must be one of true, false");
        assertProblem(maker.send("PUT", "/api/v1/members/m-maker/network-visits", "{\"consent\":false}"), 400,
                "unknown field 'consent'");
        assertProblem(api.browser(Role.FABMANAGER).send("PUT", "/api/v1/members/m-nobody/network-visits",
                "{\"networkVisits\":true}"), 404, "no member m-nobody");
        assertThat(maker.get("/api/v1/members/m-maker").json().get("networkVisits").asBoolean()).isTrue();
    }

    @Test
    void aMemberWhoWithdrawsConsent_leavesTheNextPassListSentToAnOptedInPartner() {
        ApiHarness.Client maker = api.browser(Role.MAKER);
        travelsByUid();
        api.browser(Role.ADMIN).post("/api/v1/partners", partner("lab-a", ",\"visitors\":\"opted-in\""));

        api.network.publishPasses();
        assertThat(visitors(lastSent())).as("not before they consent").isEmpty();

        maker.send("PUT", "/api/v1/members/m-maker/network-visits", "{\"networkVisits\":true}");
        api.network.publishPasses();
        VisitorPasses consented = lastSent();
        assertThat(visitors(consented)).containsExactly("m-maker");

        maker.send("PUT", "/api/v1/members/m-maker/network-visits", "{\"networkVisits\":false}");
        api.network.publishPasses();
        assertThat(lastSent().version()).isGreaterThan(consented.version());
        assertThat(visitors(lastSent())).isEmpty();
    }

    @Test
    void aMemberPutOnOrTakenOffAPartnersPlan_entersOrLeavesItsNextPassList() {
        ApiHarness.Client treasurer = api.browser(Role.TREASURER);
        travelsByUid();
        plan("network-pass");
        api.browser(Role.ADMIN).post("/api/v1/partners", partner("lab-a",
                ",\"visitors\":\"plans\",\"visitorPlans\":[\"network-pass\"]"));
        int signals = api.billingAccessSignals.get();

        assertThat(treasurer.send("PUT", "/api/v1/members/m-maker/plan", "{\"planId\":\"network-pass\"}").status())
                .isEqualTo(204);
        assertThat(api.billingAccessSignals).as("a plan change asks for the pass lists to be rebuilt")
                .hasValueGreaterThan(signals);
        api.network.publishPasses();
        assertThat(visitors(lastSent())).containsExactly("m-maker");

        treasurer.send("PUT", "/api/v1/members/m-maker/plan", "{\"planId\":null}");
        api.network.publishPasses();
        assertThat(visitors(lastSent())).isEmpty();
    }

    /** The maker holds a badge enrolled by its UID, so it can travel. */
    private void travelsByUid() {
        assertThat(api.browser(Role.FABMANAGER).post("/api/v1/members/m-maker/badges",
                "{\"type\":\"mifare-uid\",\"uid\":\"04112233445566\"}").status()).isEqualTo(201);
    }

    private void plan(String id) {
        assertThat(api.browser(Role.TREASURER).send("PUT", "/api/v1/plans/" + id,
                "{\"name\":\"Network pass\",\"monthlyFeeCents\":0,\"vatBasisPoints\":2000}").status()).isEqualTo(200);
    }

    private VisitorPasses lastSent() {
        assertThat(api.passesSent).isNotEmpty();
        return api.passesSent.get(api.passesSent.size() - 1);
    }

    private static List<String> visitors(VisitorPasses passes) {
        return passes.passes().stream().map(VisitorPasses.Pass::visitorId).toList();
    }

    private static String partner(String id, String terms) {
        return "{\"id\":\"" + id + "\",\"name\":\"Fablab " + id + "\",\"publicKey\":\"" + PARTNER_KEY + "\"" + terms
                + "}";
    }

    private static void assertProblem(ApiHarness.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(detail);
    }
}

package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import org.fablab.gateway.domain.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal a person can meet carries a stable {@code code} and its {@code params} beside the English
 * {@code detail}, so the dashboard can say it in the reader's language.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemCodesApiTest {
    @TempDir
    static Path folder;
    private ApiHarness api;
    private ApiHarness.Client manager;
    private ApiHarness.Client treasurer;
    private ApiHarness.Client maker;

    @BeforeAll
    void start() {
        // at midday in the lab: the day and month a test names are still the API's when it answers
        api = new ApiHarness(folder, ApiHarness.midday());
        manager = api.browser(Role.FABMANAGER);
        treasurer = api.browser(Role.TREASURER);
        maker = api.browser(Role.MAKER);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void aBadEmail_isAFormatProblem_namingTheFieldAndAnExample() {
        JsonNode problem = problem(manager.post("/api/v1/members", "{\"name\":\"A\",\"email\":\"not-an-email\"}"),
                400, "field.format");

        assertThat(problem.get("field").asText()).isEqualTo("email");
        assertThat(problem.get("params").get("field").asText()).isEqualTo("email");
        assertThat(problem.get("params").get("example").asText()).isEqualTo("name@example.org");
        assertThat(problem.get("detail").asText()).isEqualTo("email must look like name@example.org");
        assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
    }

    @Test
    void aNumberOutOfRange_carriesItsBoundsAsNumbers() {
        JsonNode problem = problem(manager.get("/api/v1/members?limit=0"), 400, "field.out-of-range");

        assertThat(problem.get("params").get("min").isNumber()).isTrue();
        assertThat(problem.get("params").get("min").asInt()).isEqualTo(1);
        assertThat(problem.get("params").get("max").asInt()).isEqualTo(1000);
    }

    @Test
    void anExpiredCoupon_isAConflictNamingTheCouponAndItsLastDay() {
        LocalDate yesterday = LocalDate.now(api.clock.withZone(ApiHarness.ZONE)).minusDays(1);
        assertThat(treasurer.post("/api/v1/coupons", "{\"code\":\"SUMMER\",\"amountCents\":500,"
                + "\"maxRedemptions\":10,\"validUntil\":\"" + yesterday + "\"}").status()).isEqualTo(201);

        JsonNode problem = problem(maker.post("/api/v1/coupons/SUMMER/redemptions", "{}"), 409, "coupon.expired");

        assertThat(problem.get("params").get("coupon").asText()).isEqualTo("SUMMER");
        assertThat(problem.get("params").get("date").asText()).isEqualTo(yesterday.toString());
    }

    @Test
    void closingTheCurrentMonth_isAConflictNamingTheMonth() {
        YearMonth now = YearMonth.now(api.clock.withZone(ApiHarness.ZONE));

        JsonNode problem = problem(treasurer.post("/api/v1/periods/" + now + "/close", null), 409, "period.not-over");

        assertThat(problem.get("params").get("month").asText()).isEqualTo(now.toString());
        assertThat(problem.get("detail").asText()).isEqualTo(now + " is not over yet");
    }

    @Test
    void anUnknownMember_isNotFoundNamingIt_andAnUnknownRouteNamesThePath() {
        JsonNode member = problem(manager.get("/api/v1/members/m-nobody"), 404, "member.not-found");
        assertThat(member.get("params").get("member").asText()).isEqualTo("m-nobody");

        JsonNode route = problem(manager.get("/api/v1/nothing-here"), 404, "route.not-found");
        assertThat(route.get("params").get("path").asText()).isEqualTo("/api/v1/nothing-here");
    }

    @Test
    void anotherMembersBalance_isForbidden_andAMissingPermissionNamesTheRole() {
        JsonNode others = problem(maker.get("/api/v1/members/m-admin/balance"), 403, "forbidden.others");
        assertThat(others.get("params").isEmpty()).isTrue();

        JsonNode role = problem(maker.get("/api/v1/accounts"), 403, "forbidden.role");
        assertThat(role.get("params").get("role").asText()).isEqualTo("maker");
    }

    @Test
    void aMachineIdTakenTwice_isAConflictNamingTheMachine() {
        String body = "{\"id\":\"lathe-9\",\"name\":\"Lathe\",\"kind\":\"lathe\"}";
        assertThat(api.browser(Role.ADMIN).post("/api/v1/machines", body).status()).isEqualTo(201);

        JsonNode problem = problem(api.browser(Role.ADMIN).post("/api/v1/machines", body), 409, "machine.exists");

        assertThat(problem.get("params").get("machine").asText()).isEqualTo("lathe-9");
    }

    @Test
    void anEnumValueItDoesNotKnow_listsTheValuesItTakes() {
        JsonNode problem = problem(treasurer.post("/api/v1/ledger/payments", "{\"memberId\":\"m-maker\","
                + "\"amountCents\":300,\"method\":\"Cash\",\"reference\":\"r-1\"}"), 400, "field.one-of");

        assertThat(problem.get("field").asText()).isEqualTo("method");
        assertThat(problem.get("params").get("values").asText()).isEqualTo("cash, cheque, transfer, card, other");
    }

    private static JsonNode problem(ApiHarness.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("code").asText()).as(response.body()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("params").isObject()).isTrue();
        return problem;
    }
}

package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fablab.gateway.domain.auth.Role.ADMIN;
import static org.fablab.gateway.domain.auth.Role.BOARD;
import static org.fablab.gateway.domain.auth.Role.FABMANAGER;
import static org.fablab.gateway.domain.auth.Role.MAKER;
import static org.fablab.gateway.domain.auth.Role.TRAINER;
import static org.fablab.gateway.domain.auth.Role.TREASURER;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.Ed25519Keys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may call what: every endpoint against every role, CSRF, and what anonymous callers get; every response,
 * API, dashboard file or error, carries the security headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiSecurityTest {
    @TempDir
    static Path folder;
    private ApiHarness api;
    private final Map<Role, ApiHarness.Client> sessions = new EnumMap<>(Role.class);

    @BeforeAll
    void start() {
        api = new ApiHarness(folder);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    /** One request and the roles that may make it; every other role must get 403. */
    record Rule(String method, String path, String body, int success, Set<Role> allowed) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Set<Role> BILLING = EnumSet.of(TREASURER, ADMIN);
    /** Every role but the board, which reads the impact report only. */
    private static final Set<Role> SIGNED_IN = EnumSet.complementOf(EnumSet.of(BOARD));
    private static final String PARTNER_KEY = Ed25519Keys.encode(Ed25519Keys.generate().getPublic());
    private static final Set<Role> REPORTS = EnumSet.of(FABMANAGER, TREASURER, ADMIN, BOARD);

    static List<Rule> rules() {
        String newMember = "{\"name\":\"New Member\",\"email\":\"new@example.org\"}";
        return List.of(
                new Rule("GET", "/api/v1/members", null, 200, EnumSet.of(TRAINER, FABMANAGER, TREASURER, ADMIN)),
                new Rule("POST", "/api/v1/members", newMember, 201, EnumSet.of(FABMANAGER, ADMIN)),
                new Rule("GET", "/api/v1/members/m-admin", null, 200, EnumSet.of(TRAINER, FABMANAGER, TREASURER, ADMIN)),
                new Rule("PATCH", "/api/v1/members/m-maker", "{\"group\":\"students\"}", 200, EnumSet.of(FABMANAGER, ADMIN)),
                new Rule("GET", "/api/v1/audit", null, 200, EnumSet.of(FABMANAGER, TREASURER, ADMIN)),
                new Rule("GET", "/api/v1/security-events", null, 200, EnumSet.of(FABMANAGER, ADMIN)),
                new Rule("GET", "/api/v1/security-events/counts?since=2026-01-01T00:00:00Z", null, 200,
                        EnumSet.of(FABMANAGER, ADMIN)),
                new Rule("GET", "/api/v1/exports/charges.csv?from=2026-11-01&to=2026-11-30", null, 200,
                        EnumSet.of(TREASURER, ADMIN)),
                new Rule("GET", "/api/v1/exports/consumables.csv?from=2026-11-01&to=2026-11-30", null, 200,
                        EnumSet.of(TREASURER, ADMIN)),
                new Rule("GET", "/api/v1/exports/journal.csv?from=2026-11-01&to=2026-11-30&layout=french", null, 200,
                        EnumSet.of(TREASURER, ADMIN)),
                new Rule("GET", "/api/v1/exports/members.csv?from=2026-11-01&to=2026-11-30", null, 200,
                        EnumSet.of(TREASURER, ADMIN)),
                new Rule("GET", "/api/v1/sessions?member=m-admin", null, 200, EnumSet.of(FABMANAGER, TREASURER, ADMIN)),
                new Rule("GET", "/api/v1/trainings", null, 200, EnumSet.of(TRAINER, FABMANAGER, TREASURER, ADMIN)),
                new Rule("GET", "/api/v1/partners", null, 200, EnumSet.of(TRAINER, FABMANAGER, TREASURER, ADMIN)),
                new Rule("GET", "/api/v1/network", null, 200, EnumSet.of(TRAINER, FABMANAGER, TREASURER, ADMIN)),
                new Rule("POST", "/api/v1/partners", "{\"id\":\"lab-{uid}\",\"name\":\"Partner\",\"publicKey\":\""
                        + PARTNER_KEY + "\"}", 201, EnumSet.of(ADMIN)),
                new Rule("POST", "/api/v1/trainings", "{\"id\":\"t-{uid}\",\"name\":\"Router\",\"category\":\"competency\","
                        + "\"machineKinds\":[\"cnc-router\"],\"validity\":{\"kind\":\"fixed-duration\",\"days\":365}}", 201,
                        EnumSet.of(FABMANAGER, ADMIN)),
                new Rule("PUT", "/api/v1/trainings/printing-3d/trainers/m-maker", null, 204, EnumSet.of(FABMANAGER, ADMIN)),
                new Rule("GET", "/api/v1/trainings/laser-safety/certifications", null, 200,
                        EnumSet.of(TRAINER, FABMANAGER, TREASURER, ADMIN)),
                new Rule("GET", "/api/v1/certifications/expiring?days=30", null, 200,
                        EnumSet.of(TRAINER, FABMANAGER, TREASURER, ADMIN)),
                new Rule("POST", "/api/v1/members/m-maker/certifications", "{\"trainingId\":\"laser-safety\"}", 201,
                        EnumSet.of(TRAINER, FABMANAGER, ADMIN)),
                new Rule("GET", "/api/v1/members/m-admin/certifications", null, 200,
                        EnumSet.of(TRAINER, FABMANAGER, TREASURER, ADMIN)),
                new Rule("POST", "/api/v1/members/m-maker/badges", "{\"type\":\"mifare-uid\",\"uid\":\"04{uid}\"}", 201,
                        EnumSet.of(FABMANAGER, ADMIN)),
                new Rule("GET", "/api/v1/members/m-admin/badges", null, 200, EnumSet.of(TRAINER, FABMANAGER, TREASURER, ADMIN)),
                new Rule("POST", "/api/v1/machines/laser-1/availability", "{\"availability\":\"available\",\"reason\":\"ok\"}",
                        200, EnumSet.of(FABMANAGER, ADMIN)),
                new Rule("GET", "/api/v1/nodes", null, 200, EnumSet.of(TRAINER, FABMANAGER, ADMIN)),
                new Rule("GET", "/api/v1/accounts", null, 200, EnumSet.of(ADMIN)),
                new Rule("POST", "/api/v1/accounts", "{\"username\":\"u{uid}\",\"password\":\"a long enough one\","
                        + "\"role\":\"maker\"}", 201, EnumSet.of(ADMIN)),
                new Rule("POST", "/api/v1/nodes/laser-1/mode", "{\"mode\":\"train\",\"trainingId\":\"laser-safety\"}", 200,
                        EnumSet.of(TRAINER, FABMANAGER, ADMIN)),
                new Rule("POST", "/api/v1/nodes/laser-1/commands", "{\"action\":\"identify\"}", 202,
                        EnumSet.of(FABMANAGER, ADMIN)),
                new Rule("GET", "/api/v1/billing/settings", null, 200, SIGNED_IN),
                new Rule("PUT", "/api/v1/billing/settings", "{\"minimumBalanceCents\":null}", 200, BILLING),
                new Rule("GET", "/api/v1/prices", null, 200, SIGNED_IN),
                new Rule("PUT", "/api/v1/prices/laser-cutter", "{\"wall\":{\"blockMinutes\":15,\"centsPerBlock\":200},"
                        + "\"sessionFeeCents\":100,\"vatBasisPoints\":2000}", 200, BILLING),
                new Rule("GET", "/api/v1/network/prices", null, 200, SIGNED_IN),
                new Rule("PUT", "/api/v1/network/prices/laser-cutter", "{\"wall\":{\"blockMinutes\":5,"
                        + "\"centsPerBlock\":70},\"vatBasisPoints\":2000}", 200, BILLING),
                new Rule("GET", "/api/v1/plans", null, 200, SIGNED_IN),
                new Rule("PUT", "/api/v1/plans/maker-plus", "{\"name\":\"Maker+\",\"monthlyFeeCents\":1500,"
                        + "\"includedMinutes\":60,\"machineKinds\":[\"laser-cutter\"],\"vatBasisPoints\":2000}", 200,
                        BILLING),
                new Rule("PUT", "/api/v1/members/m-maker/plan", "{\"planId\":null}", 204, BILLING),
                new Rule("GET", "/api/v1/groups", null, 200, SIGNED_IN),
                new Rule("PUT", "/api/v1/groups/students", "{\"discountBasisPoints\":2500}", 200, BILLING),
                new Rule("GET", "/api/v1/free-windows", null, 200, SIGNED_IN),
                new Rule("PUT", "/api/v1/free-windows", "{\"windows\":[{\"day\":\"saturday\",\"from\":\"14:00\","
                        + "\"to\":\"18:00\"}]}", 200, BILLING),
                new Rule("GET", "/api/v1/consumables", null, 200, SIGNED_IN),
                new Rule("PUT", "/api/v1/consumables/pla", "{\"label\":\"PLA filament\",\"unit\":\"g\","
                        + "\"unitPriceCents\":5,\"vatBasisPoints\":2000}", 200, BILLING),
                new Rule("GET", "/api/v1/consumable-records?member=m-admin", null, 200,
                        EnumSet.of(FABMANAGER, TREASURER, ADMIN)),
                new Rule("POST", "/api/v1/consumable-records", "{\"memberId\":\"m-admin\",\"itemId\":\"pla\","
                        + "\"quantity\":3}", 201, EnumSet.of(FABMANAGER, TREASURER, ADMIN)),
                new Rule("GET", "/api/v1/ledger?member=m-admin", null, 200, BILLING),
                new Rule("GET", "/api/v1/ledger/verify", null, 200, BILLING),
                new Rule("POST", "/api/v1/ledger/payments", "{\"memberId\":\"m-admin\",\"amountCents\":100,"
                        + "\"method\":\"cash\",\"reference\":\"r-{uid}\"}", 201, BILLING),
                new Rule("POST", "/api/v1/ledger/credits", "{\"memberId\":\"m-admin\",\"amountCents\":100,"
                        + "\"label\":\"goodwill\"}", 201, BILLING),
                new Rule("GET", "/api/v1/balances", null, 200, BILLING),
                new Rule("GET", "/api/v1/billing/parked", null, 200, BILLING),
                new Rule("POST", "/api/v1/billing/parked/consumable:none/retry", null, 404, BILLING),
                new Rule("GET", "/api/v1/members/m-admin/balance", null, 200, EnumSet.of(FABMANAGER, TREASURER, ADMIN)),
                new Rule("GET", "/api/v1/coupons", null, 200, BILLING),
                new Rule("POST", "/api/v1/coupons", "{\"code\":\"C{uid}\",\"amountCents\":100}", 201, BILLING),
                new Rule("GET", "/api/v1/periods", null, 200, BILLING),
                new Rule("POST", "/api/v1/periods/2020-01/close", null, 200, BILLING),
                new Rule("GET", "/api/v1/statements?member=m-admin", null, 200, BILLING),
                new Rule("POST", "/api/v1/statements", "{\"month\":\"2020-01\"}", 201, BILLING),
                new Rule("GET", "/api/v1/statements/draft?member=m-admin&month=2026-11", null, 200, BILLING),
                new Rule("POST", "/api/v1/enrollments", "{\"nodeId\":\"drill-1\",\"machineId\":\"laser-1\"}", 201,
                        EnumSet.of(ADMIN)),
                new Rule("GET", "/api/v1/enrollments", null, 200, EnumSet.of(ADMIN)),
                new Rule("GET", "/api/v1/reports/impact?from=2026-03-01&to=2026-03-31", null, 200, REPORTS),
                new Rule("GET", "/api/v1/reports/impact.csv?from=2026-03-01&to=2026-03-31&lang=fr", null, 200, REPORTS),
                new Rule("PUT", "/api/v1/consumable-records/r-none/tag", "{\"tag\":\"repair\"}", 404, SIGNED_IN),
                new Rule("PUT", "/api/v1/sessions/laser-1/s-none/tag", "{\"tag\":null}", 404, SIGNED_IN));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Rule rule : rules()) {
            for (Role role : Role.values()) {
                cases.add(Arguments.of(rule, role));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void everyEndpoint_answersEachRoleAsTheRoleTableSays(Rule rule, Role role) {
        ApiHarness.Client client = sessions.computeIfAbsent(role, api::browser);

        String body = rule.body() == null ? null
                : rule.body().replace("{uid}", String.format("%012x", System.nanoTime() & 0xFFFF_FFFF_FFFFL));

        ApiHarness.Response response = client.send(rule.method(), rule.path(), body);

        assertThat(response.status()).as(response.body()).isEqualTo(rule.allowed().contains(role) ? rule.success() : 403);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void everyEndpoint_refusesAnonymousCallersWith401(Rule rule) {
        ApiHarness.Response response = api.anonymous().send(rule.method(), rule.path(), rule.body());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aTrainer_certifiesOnlyForTheirOwnTrainings_andNeverThemselves() {
        ApiHarness.Client trainer = sessions.computeIfAbsent(TRAINER, api::browser);

        assertThat(trainer.post("/api/v1/members/m-maker/certifications", "{\"trainingId\":\"printing-3d\"}").status())
                .isEqualTo(403);
        assertThat(trainer.post("/api/v1/members/m-trainer/certifications", "{\"trainingId\":\"laser-safety\"}").status())
                .isEqualTo(403);
        assertThat(trainer.post("/api/v1/nodes/laser-1/mode", "{\"mode\":\"train\",\"trainingId\":\"printing-3d\"}")
                .status()).isEqualTo(403);
        assertThat(trainer.post("/api/v1/nodes/laser-1/mode", "{\"mode\":\"enroll\",\"memberId\":\"m-maker\"}")
                .status()).isEqualTo(403);
    }

    @Test
    void onlyFabmanagersRevoke_andARevocationIsAuditedWithItsReason() {
        ApiHarness.Client manager = sessions.computeIfAbsent(FABMANAGER, api::browser);
        String id = manager.post("/api/v1/members/m-treasurer/certifications", "{\"trainingId\":\"laser-safety\"}")
                .json().get("id").asText();
        String revoke = "/api/v1/members/m-treasurer/certifications/" + id + "/revoke";

        assertThat(sessions.computeIfAbsent(TRAINER, api::browser).post(revoke, "{\"reason\":\"no\"}").status())
                .isEqualTo(403);
        assertThat(sessions.computeIfAbsent(TREASURER, api::browser).post(revoke, "{\"reason\":\"no\"}").status())
                .isEqualTo(403);
        ApiHarness.Response revoked = manager.post(revoke, "{\"reason\":\"left the lid open\"}");

        assertThat(revoked.json().get("status").asText()).isEqualTo("revoked");
        assertThat(manager.get("/api/v1/audit?member=m-treasurer").json().get("entries")).first().satisfies(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("certification.revoked");
            assertThat(entry.get("reason").asText()).isEqualTo("left the lid open");
        });
    }

    @Test
    void aMaker_readsTheirOwnRecordButNoOneElses() {
        ApiHarness.Client maker = api.browser(MAKER);

        assertThat(maker.get("/api/v1/members/m-maker").status()).isEqualTo(200);
        assertThat(maker.get("/api/v1/members/m-trainer").status()).isEqualTo(403);
        assertThat(maker.get("/api/v1/sessions?member=m-maker").status()).isEqualTo(200);
        assertThat(maker.get("/api/v1/sessions?member=m-trainer").status()).isEqualTo(403);
    }

    @Test
    void aCookieWrite_withoutOrWithAWrongCsrfToken_isRefusedAndChangesNothing() {
        ApiHarness.Client manager = api.browser(FABMANAGER);
        String body = "{\"name\":\"Forged Member\",\"email\":\"forged@example.org\"}";

        assertThat(manager.withoutCsrf().post("/api/v1/members", body).status()).isEqualTo(403);
        assertThat(manager.withCsrf("not-the-token").post("/api/v1/members", body).status()).isEqualTo(403);
        assertThat(manager.get("/api/v1/members?q=forged").json()).isEmpty();
    }

    @Test
    void aBearerToken_writesWithoutCsrf_becauseNoBrowserSendsItOnItsOwn() {
        ApiHarness.Response created = api.script(FABMANAGER).post("/api/v1/members",
                "{\"name\":\"Scripted Member\",\"email\":\"script@example.org\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("Scripted Member");
    }

    @Test
    void anUnknownBearerToken_is401() {
        assertThat(api.anonymous().send("GET", "/api/v1/me", null).status()).isEqualTo(401);
    }

    @Test
    void logout_endsTheSession() {
        ApiHarness.Client maker = api.browser(MAKER);
        assertThat(maker.get("/api/v1/me").status()).isEqualTo(200);

        assertThat(maker.post("/api/v1/logout", null).status()).isEqualTo(204);

        assertThat(maker.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void theBoard_staysReadableWithoutLogin() {
        assertThat(api.anonymous().get("/api/v1/machines").status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "anonymous | GET  | /api/v1/machines        | 200",
            "anonymous | GET  | /                       | 200",
            "anonymous | GET  | /app.js                 | 200",
            "anonymous | GET  | /health                 | 200",
            "anonymous | GET  | /api/v1/sessions        | 401",
            "maker     | GET  | /api/v1/sessions        | 200",
            "maker     | GET  | /api/v1/no-such-thing   | 404",
            "anonymous | GET  | /no-such-file.html      | 404",
            "anonymous | POST | /api/v1/login           | 400",
            "maker     | POST | /api/v1/members         | 403"})
    void everyResponse_carriesTheSecurityHeaders(String who, String method, String path, int status) {
        ApiHarness.Client client = who.equals("maker") ? sessions.computeIfAbsent(MAKER, api::browser) : api.anonymous();

        ApiHarness.Response response = client.send(method, path, method.equals("POST") ? "{}" : null);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
}

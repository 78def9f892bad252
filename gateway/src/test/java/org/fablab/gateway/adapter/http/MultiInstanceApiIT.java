package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.fablab.gateway.adapter.jdbc.PostgresSchema;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.domain.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two API instances on one PostgreSQL schema, as two gateways behind a load balancer that sends each request wherever
 * it likes: a login, its CSRF token, its end, an account's deactivation and the login throttle hold whichever instance
 * a request reaches.
 */
class MultiInstanceApiIT {
    private static final SessionRecord SESSION = new SessionRecord("s-0001", "laser-1", "laser-1", "m-chloe",
            "Chloé Dubois", Instant.parse("2026-11-23T11:00:00Z"), null, null, 120, 12.5, null, false, false);
    private final PostgresSchema schema = new PostgresSchema();
    private ApiHarness a;
    private ApiHarness b;

    @BeforeEach
    void start() {
        a = new ApiHarness(schema.open(), true);
        b = new ApiHarness(schema.connect(), false);
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
        schema.drop();
    }

    @Test
    void aLoginOnA_isASessionOnB_whoseWritesNeedItsCsrfToken() {
        ApiHarness.Client onB = a.browser(Role.ADMIN).at(b);

        assertThat(onB.get("/api/v1/me").json().at("/account/username").asText()).isEqualTo("admin");
        assertThat(onB.post("/api/v1/tokens", "{\"name\":\"script\"}").status()).isEqualTo(201);
        assertThat(onB.withoutCsrf().post("/api/v1/tokens", "{\"name\":\"forged\"}").status()).isEqualTo(403);
    }

    @Test
    void aLogoutOnA_endsTheSessionOnB() {
        ApiHarness.Client onA = a.browser(Role.FABMANAGER);
        assertThat(onA.at(b).get("/api/v1/me").status()).isEqualTo(200);

        assertThat(onA.post("/api/v1/logout", "").status()).isEqualTo(204);

        assertThat(onA.at(b).get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void anAccountDeactivatedOnA_losesItsStreamOnB() throws Exception {
        ApiHarness.Client fabmanagerOnB = b.browser(Role.FABMANAGER);
        try (StreamReader stream = new StreamReader(b, fabmanagerOnB.lines("/api/v1/stream"))) {
            stream.awaitSession(SESSION);

            assertThat(a.browser(Role.ADMIN).patch("/api/v1/accounts/fabmanager", "{\"active\":false}").status())
                    .isEqualTo(200);

            stream.awaitEnd();
        }
    }

    @Test
    void failedLoginsSpreadOverAAndB_tripTheThrottleOnBoth() {
        String wrong = "{\"username\":\"maker\",\"password\":\"not the password\"}";
        for (ApiHarness instance : new ApiHarness[] {a, b, a, b, a}) {
            assertThat(instance.anonymous().post("/api/v1/login", wrong).status()).isEqualTo(401);
        }
        String right = "{\"username\":\"maker\",\"password\":\"" + ApiHarness.PASSWORD + "\"}";

        for (ApiHarness instance : new ApiHarness[] {a, b}) {
            ApiHarness.Response login = instance.anonymous().post("/api/v1/login", right);
            assertThat(login.status()).isEqualTo(429);
            assertThat(login.headers().firstValue("Retry-After")).isPresent();
        }
    }
}

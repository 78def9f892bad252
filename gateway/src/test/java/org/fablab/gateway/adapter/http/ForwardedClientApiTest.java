package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.fablab.gateway.domain.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API behind a load balancer on this host (the test's client, 127.0.0.1, stands for it): with the balancer
 * trusted, the login throttle counts each forwarded client on its own; without, every client is the balancer.
 */
class ForwardedClientApiTest {
    /** Failed logins per address in the harness's window. */
    private static final int PER_ADDRESS = 20;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path folder;
    private ApiHarness api;

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void behindATrustedBalancer_aThrottledAddress_doesNotLockOutAnotherClient() {
        api = new ApiHarness(folder, TrustedProxies.parse(List.of("127.0.0.1")));
        failLoginsFrom("203.0.113.7");
        assertThat(login("203.0.113.7", "maker", ApiHarness.PASSWORD).statusCode()).isEqualTo(429);

        HttpResponse<String> other = login("203.0.113.8", "maker", ApiHarness.PASSWORD);

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).doesNotContain(
                "Secure"));
        assertThat(api.browser(Role.ADMIN).get("/api/v1/audit?action=login.failed").json().get("entries"))
                .hasSize(PER_ADDRESS)
                .allSatisfy(entry -> assertThat(entry.get("params").get("from").asText()).isEqualTo("203.0.113.7"));
    }

    @Test
    void behindATrustedBalancer_forwardedHttps_marksTheSessionCookieSecure() {
        api = new ApiHarness(folder, TrustedProxies.parse(List.of("127.0.0.1")));

        HttpResponse<String> login = send(request("203.0.113.8", "maker", ApiHarness.PASSWORD)
                .header("X-Forwarded-Proto", "https"));

        assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Secure"));
    }

    @Test
    void withoutTrustedBalancers_theForwardedHeadersAreIgnored() {
        api = new ApiHarness(folder);
        ApiHarness.Client admin = api.browser(Role.ADMIN);
        failLoginsFrom("203.0.113.7");

        HttpResponse<String> other = send(request("203.0.113.8", "maker", ApiHarness.PASSWORD)
                .header("X-Forwarded-Proto", "https"));

        assertThat(other.statusCode()).isEqualTo(429);
        assertThat(admin.get("/api/v1/audit?action=login.failed").json().get("entries"))
                .hasSize(PER_ADDRESS)
                .allSatisfy(entry -> assertThat(entry.get("params").get("from").asText()).isEqualTo("127.0.0.1"));
    }

    /** Wrong passwords for as many usernames, so that only the per-address limit is reached. */
    private void failLoginsFrom(String client) {
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertThat(login(client, "nobody-" + i, "not the password").statusCode()).isEqualTo(401);
        }
    }

    private HttpResponse<String> login(String client, String username, String password) {
        return send(request(client, username, password));
    }

    private HttpRequest.Builder request(String client, String username, String password) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/login"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", "198.51.100.1, " + client)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\""
                        + password + "\"}"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

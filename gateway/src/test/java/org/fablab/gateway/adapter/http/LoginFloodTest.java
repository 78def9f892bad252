package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of logins, each one a deliberately slow Argon2id hash: they wait for each other on their own small pool,
 * instead of taking every worker of the API (and 19 MiB of memory each), and the rest of the API keeps answering.
 * Its own harness, because the burst leaves the address throttled.
 */
class LoginFloodTest {
    private static final int LOGINS = 40;

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
    void aBurstOfLogins_isHashedAFewAtATime_andLeavesTheBoardAnswering() {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
        for (int i = 0; i < LOGINS; i++) {
            logins.add(http.sendAsync(request("/api/v1/login").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"username\":\"nobody-" + i + "\",\"password\":\"not the password\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        HttpResponse<String> board = http.sendAsync(request("/api/v1/machines").GET().build(),
                HttpResponse.BodyHandlers.ofString()).join();

        assertThat(board.statusCode()).isEqualTo(200);
        assertThat(logins).allSatisfy(login -> assertThat(login.join().statusCode()).isIn(401, 429));
        assertThat(api.passwords.mostAtOnce()).as("hashes at once").isLessThanOrEqualTo(HttpApi.LOGIN_WORKERS);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Content-Type", "application/json");
    }
}

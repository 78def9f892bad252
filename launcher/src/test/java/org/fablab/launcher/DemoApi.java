package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.fablab.protocol.Json;

/** A logged-in browser session of one of the demo accounts against a running demo gateway. */
final class DemoApi {
    private final HttpClient http;
    private final String baseUrl;
    private final String csrf;

    DemoApi(int port, String username) throws IOException, InterruptedException {
        this("http://127.0.0.1:" + port, HttpClient.newBuilder(), username, DemoLab.DEMO_PASSWORD);
    }

    /** Logged in as {@code username} on the gateway at {@code baseUrl}, e.g. over HTTPS with a client trusting a lab CA. */
    DemoApi(String baseUrl, HttpClient.Builder client, String username, String password)
            throws IOException, InterruptedException {
        this.http = client.cookieHandler(new CookieManager()).build();
        this.baseUrl = baseUrl;
        HttpResponse<String> login = send("POST", "/api/v1/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
        assertThat(login.statusCode()).isEqualTo(200);
        csrf = Json.mapper().readTree(login.body()).get("csrfToken").asText();
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body, csrf);
    }

    HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return send("PUT", path, body, csrf);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("X-CSRF-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

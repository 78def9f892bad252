package org.fablab.node.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The few calls a node makes to the gateway's REST API ({@code /api/v1/enroll}, {@code /api/v1/nodes/{id}/key}):
 * JSON over HTTP(S) with the JDK's client. HTTPS trusts the system's CAs, or only the lab CA given as a PEM file
 * (pinning). Blocking.
 */
public final class GatewayHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The gateway's answer: its status and JSON body (a problem's {@code detail} on refusals). */
    public record Answer(int status, JsonNode body) {
        /** What the gateway said about a refusal, or the status when it said nothing readable. */
        public String detail() {
            return Optional.ofNullable(body).map(b -> b.path("detail").asText(null))
                    .orElse("HTTP status " + status);
        }
    }

    /** The gateway could not be reached or spoke no HTTP; the message says what to check. */
    public static final class Unreachable extends Exception {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI base;
    private final HttpClient client;

    /**
     * @param gateway the gateway's base URL, e.g. {@code https://gateway.lab:8443}
     * @param labCa   PEM file of the only CA to trust for HTTPS, or empty for the system's
     */
    public GatewayHttp(String gateway, Optional<Path> labCa) throws IOException, GeneralSecurityException {
        URI uri = URI.create(gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway);
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new IllegalArgumentException("--gateway '" + gateway + "' must look like https://gateway.lab:8443");
        }
        this.base = uri;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        if (labCa.isPresent()) {
            builder.sslContext(trusting(labCa.get()));
        }
        this.client = builder.build();
    }

    /** POSTs {@code body} as JSON to {@code path} (below {@code /api/v1}). */
    public Answer post(String path, Object body) throws Unreachable {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(base.resolve(base.getPath() + "/api/v1" + path)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new IllegalStateException("a request body always serialises", e);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (SSLHandshakeException e) {
            throw new Unreachable("the TLS handshake with " + base + " failed (" + e.getMessage()
                    + "): is --ca the lab CA that signed the gateway's certificate?", e);
        } catch (ConnectException e) {
            throw new Unreachable("cannot connect to the gateway at " + base + ": is it running, and is the address "
                    + "and port right?", e);
        } catch (IOException e) {
            throw new Unreachable("no answer from the gateway at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while waiting for the gateway", e);
        }
        JsonNode parsed;
        try {
            parsed = response.body().length == 0 ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            parsed = null;
        }
        return new Answer(response.statusCode(), parsed);
    }

    private static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("lab-ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException("--ca " + pem + " holds no PEM certificate");
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}

package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fablab.gateway.domain.MachineView;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.Json;
import org.fablab.protocol.MachineState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public board and stream over real HTTP: anonymous clients, makers and trainers see machine states and a
 * first name; roles that may read every session see names, ids, times and meters. A stream client that
 * stops reading is disconnected instead of buffered without bound.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoardPrivacyApiTest {
    private static final Instant START = Instant.parse("2026-11-23T11:00:00Z");
    private static final MachineView BUSY = new MachineView("laser-1", "Laser cutter", "laser-cutter", "laser-1",
            MachineState.ACTIVE, true, Instant.parse("2026-11-23T10:00:00Z"),
            new MachineView.ActiveSession("s-0001", "Chloé Dubois", START), Duration.ofMinutes(15));
    private static final SessionRecord SESSION = new SessionRecord("s-0001", "laser-1", "laser-1", "m-chloe",
            "Chloé Dubois", START, null, null, 120, 12.5, null, false, false);
    @TempDir
    static Path folder;
    private ApiHarness api;

    @BeforeAll
    void start() {
        api = new ApiHarness(folder);
        api.board.set(List.of(BUSY));
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void machines_anonymously_showTheStateSinceWhenAndOnlyTheFirstName() {
        JsonNode laser = api.anonymous().get("/api/v1/machines").json().get(0);

        assertThat(laser.get("state").asText()).isEqualTo("active");
        assertThat(laser.get("session").get("memberName").asText()).isEqualTo("Chloé");
        assertThat(laser.get("session").get("startedAt").asText()).isEqualTo("2026-11-23T11:00:00Z");
        assertThat(laser.toString()).doesNotContain("Dubois", "s-0001", "m-chloe");
    }

    @Test
    void machines_forRolesThatMayNotReadEverySession_areThePublicView() {
        for (Role role : List.of(Role.MAKER, Role.TRAINER)) {
            JsonNode laser = api.browser(role).get("/api/v1/machines").json().get(0);

            assertThat(laser.get("session").get("memberName").asText()).as(role.wire()).isEqualTo("Chloé");
            assertThat(laser.toString()).as(role.wire()).doesNotContain("Dubois", "s-0001");
        }
    }

    @Test
    void machines_forRolesThatReadEverySession_showTheFullSession() {
        for (Role role : List.of(Role.FABMANAGER, Role.TREASURER, Role.ADMIN)) {
            JsonNode session = api.browser(role).get("/api/v1/machines").json().get(0).get("session");

            assertThat(session.get("memberName").asText()).as(role.wire()).isEqualTo("Chloé Dubois");
            assertThat(session.get("id").asText()).isEqualTo("s-0001");
            assertThat(session.get("startedAt").asText()).isEqualTo("2026-11-23T11:00:00Z");
        }
    }

    @Test
    void stream_anonymously_carriesPublicCardsAndNoSessions() throws Exception {
        List<String> events = streamAfterOneChange(api.anonymous(), "event: machine");

        assertThat(events).noneMatch(line -> line.startsWith("event: session"));
        String card = events.stream().filter(line -> line.startsWith("data: ")).findFirst().orElseThrow();
        assertThat(card).contains("\"memberName\":\"Chloé\"", "\"startedAt\":\"2026-11-23T11:00:00Z\"")
                .doesNotContain("Dubois", "s-0001", "m-chloe", "energyWh");
    }

    @Test
    void stream_forAFabmanager_carriesFullCardsAndSessions() throws Exception {
        List<String> events = streamAfterOneChange(api.browser(Role.FABMANAGER), "event: machine", "event: session");

        assertThat(events).contains("event: session");
        assertThat(events).filteredOn(line -> line.startsWith("data: ")).anySatisfy(line -> {
            JsonNode session = Json.mapper().readTree(line.substring(6));
            assertThat(session.get("memberId").asText()).isEqualTo("m-chloe");
            assertThat(session.get("energyWh").asDouble()).isEqualTo(12.5);
        });
        assertThat(events).anyMatch(line -> line.contains("\"memberName\":\"Chloé Dubois\""));
    }

    @Test
    @Order(Integer.MAX_VALUE) // its flood of events must not delay the other streams' events
    void stream_aClientThatStopsReading_isDisconnectedInsteadOfBufferedWithoutBound() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()));
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[64];
            assertThat(in.read(head)).isPositive();

            // far more than the queue bound and the kernel buffers together, sent while the client reads nothing
            MachineView padded = BUSY.withSession(new MachineView.ActiveSession("s-0002", "X".repeat(4000), START));
            long published = 0;
            for (int i = 0; i < 10_000; i++) {
                api.live.machineChanged(padded);
                published += 4000;
            }

            // keep-alive comments would keep a plain read timeout from ever firing: bound the whole read instead
            socket.setSoTimeout(1_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long read = 0;
            boolean hungUp = false;
            byte[] buffer = new byte[64 * 1024];
            while (!hungUp && System.nanoTime() < deadline) {
                try {
                    int n = in.read(buffer);
                    hungUp = n < 0;
                    read += Math.max(n, 0);
                } catch (SocketTimeoutException e) {
                    // nothing yet; look at the deadline again
                }
            }
            assertThat(hungUp).as("the server hung up on the slow client").isTrue();
            assertThat(read).as("bytes delivered before the server hung up").isLessThan(published / 4);
        }
    }

    /** Opens the stream, publishes one session and one card change, and returns the lines up to the awaited events. */
    private List<String> streamAfterOneChange(ApiHarness.Client client, String... awaited) throws Exception {
        HttpResponse<Stream<String>> response = client.lines("/api/v1/stream");
        assertThat(response.statusCode()).isEqualTo(200);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
            } catch (RuntimeException e) {
                // the stream was closed by the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(lines.poll(10, TimeUnit.SECONDS)).startsWith("retry:");
            assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo(": connected");
            List<String> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                // published again while nothing came, so a subscription still settling cannot lose the change
                if (received.isEmpty()) {
                    api.live.sessionChanged(SESSION);
                    api.live.machineChanged(BUSY);
                }
                for (String line; (line = lines.poll()) != null; ) {
                    received.add(line);
                }
                return received.containsAll(List.of(awaited)) && received.stream()
                        .filter(l -> l.startsWith("data: ")).count() >= received.stream()
                        .filter(l -> l.startsWith("event: ")).count();
            });
            return received;
        } finally {
            reader.interrupt();
            response.body().close();
        }
    }
}

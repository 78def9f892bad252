package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.fablab.gateway.adapter.jdbc.BillingFixture;
import org.fablab.gateway.domain.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads whose clients read nothing: they must hold neither a worker nor a database connection, so that logins,
 * the API and ingestion (which share the connections) keep answering.
 */
class ExportStallTest {
    private static final int STALLED_DOWNLOADS = 6;
    /** Far more than the socket buffers hold, so that a client that reads nothing stops the download. */
    private static final int STALLED_ROWS = 100_000;

    @TempDir
    Path folder;
    private ApiHarness api;
    private ApiHarness.Client treasurer;

    @BeforeEach
    void start() {
        api = new ApiHarness(folder);
        BillingFixture.seed(api.dataSource());
        BillingFixture.appendCharges(api.dataSource(), LocalDate.of(2027, 2, 15), STALLED_ROWS);
        treasurer = api.script(Role.TREASURER);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void downloadsThatStall_leaveLoginsAndTheApiAnswering() throws IOException {
        String token = api.browser(Role.TREASURER).post("/api/v1/tokens", "{\"name\":\"stall\"}").json().get("token")
                .asText();
        List<Socket> stalled = new ArrayList<>();
        try {
            // more downloads than the database has connections, from clients that never read a byte
            for (int i = 0; i < STALLED_DOWNLOADS; i++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(1024);
                socket.connect(new InetSocketAddress("127.0.0.1", api.port()));
                socket.getOutputStream().write(("GET /api/v1/exports/charges.csv?from=2027-02-01&to=2027-02-28"
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                stalled.add(socket);
            }
            // written out, the exports give their connections back although no client has read anything
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofSeconds(1)).until(() ->
                    ((HikariDataSource) api.dataSource()).getHikariPoolMXBean().getActiveConnections() == 0);

            ApiHarness.Client maker = api.browser(Role.MAKER);
            ApiHarness.Response sessions = maker.get("/api/v1/sessions");
            ApiHarness.Response export = treasurer.get("/api/v1/exports/members.csv?from=2026-11-01&to=2026-11-30");

            assertThat(sessions.status()).isEqualTo(200);
            assertThat(export.status()).isEqualTo(200);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }
}

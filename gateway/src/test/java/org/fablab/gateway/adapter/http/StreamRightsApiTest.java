package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Instant;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.domain.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream opened with the right to read every session does not keep that right after the login that gave it:
 * within {@link HttpApi#STREAM_RECHECK} of a logout or a role change the stream ends, while a login that still holds
 * keeps its stream and its sessions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamRightsApiTest {
    private static final Instant START = Instant.parse("2026-11-23T11:00:00Z");
    private static final SessionRecord SESSION = new SessionRecord("s-0001", "laser-1", "laser-1", "m-chloe",
            "Chloé Dubois", START, null, null, 120, 12.5, null, false, false);
    @TempDir
    static Path folder;
    private ApiHarness api;

    @BeforeAll
    void start() {
        api = new ApiHarness(folder);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void stream_ofABrowserThatLogsOut_endsAndCarriesNoMoreSessions() throws Exception {
        ApiHarness.Client fabmanager = api.browser(Role.FABMANAGER);
        try (StreamReader stream = new StreamReader(api, fabmanager.lines("/api/v1/stream"))) {
            stream.awaitSession(SESSION);

            assertThat(fabmanager.post("/api/v1/logout", "").status()).isEqualTo(204);

            stream.awaitEnd();
            int received = stream.sessions();
            api.live.sessionChanged(SESSION);
            Thread.sleep(300);
            assertThat(stream.sessions()).as("sessions after the stream ended").isEqualTo(received);
        }
    }

    @Test
    void stream_ofATokenWhoseAccountLosesTheRight_ends() throws Exception {
        ApiHarness.Client script = api.script(Role.TREASURER);
        try (StreamReader stream = new StreamReader(api, script.lines("/api/v1/stream"))) {
            stream.awaitSession(SESSION);

            assertThat(api.browser(Role.ADMIN).patch("/api/v1/accounts/treasurer", "{\"role\":\"maker\"}").status())
                    .isEqualTo(200);

            stream.awaitEnd();
        }
    }

    @Test
    void stream_ofALoginThatStillHolds_staysOpenPastTheRecheck() throws Exception {
        try (StreamReader stream = new StreamReader(api, api.browser(Role.ADMIN).lines("/api/v1/stream"))) {
            stream.awaitSession(SESSION);

            Thread.sleep(HttpApi.STREAM_RECHECK.multipliedBy(2).toMillis());

            assertThat(stream.ended).as("stream ended").isFalse();
            int before = stream.sessions();
            api.live.sessionChanged(SESSION);
            await().atMost(StreamReader.WITHIN).until(() -> stream.sessions() > before);
        }
    }
}

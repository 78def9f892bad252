package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.fablab.gateway.domain.SessionRecord;

/** Reads an SSE response of a harness on its own thread: its lines, and whether the server ended it. */
final class StreamReader implements AutoCloseable {
    /** Time for a stream to end once its login no longer holds: a recheck, and some slack for a busy machine. */
    static final Duration WITHIN = HttpApi.STREAM_RECHECK.plusSeconds(5);

    private final ApiHarness api;
    private final HttpResponse<Stream<String>> response;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    final AtomicBoolean ended = new AtomicBoolean();

    StreamReader(ApiHarness api, HttpResponse<Stream<String>> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        this.api = api;
        this.response = response;
        Thread reader = new Thread(() -> {
            try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
                ended.set(true);
            } catch (RuntimeException e) {
                // closed by the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Publishes {@code session} until the stream has carried it once (a new subscription may take a moment). */
    void awaitSession(SessionRecord session) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            api.live.sessionChanged(session);
            return sessions() > 0;
        });
    }

    void awaitEnd() {
        await().atMost(WITHIN).untilTrue(ended);
    }

    int sessions() {
        return (int) lines.stream().filter("event: session"::equals).count();
    }

    @Override
    public void close() {
        response.body().close();
    }
}

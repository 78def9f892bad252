package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.fablab.gateway.ingest.AuthStats;
import org.fablab.gateway.ingest.IngestStats;
import org.junit.jupiter.api.Test;

/** /metrics lists every counter, at zero before anything happened, each with its HELP and TYPE lines. */
class PrometheusTextTest {
    @Test
    void freshCounters_areAllListed_theLiveAuthorizationOnesByDecision() {
        String text = PrometheusText.render(new IngestStats(), () -> 3, new AuthStats());

        assertThat(text).contains("fablab_events_stored_total 0\n", "fablab_messages_rejected_total{reason=\"replayed-seq\"} 0\n",
                "fablab_ingest_queue_messages 3\n",
                "# TYPE fablab_auth_requests_answered_total counter\n",
                "fablab_auth_requests_answered_total{decision=\"granted\"} 0\n",
                "fablab_auth_requests_answered_total{decision=\"denied\"} 0\n",
                "# TYPE fablab_auth_requests_refused_total counter\n", "fablab_auth_requests_refused_total 0\n",
                "# TYPE fablab_auth_requests_dropped_total counter\n", "fablab_auth_requests_dropped_total 0\n");
    }
}

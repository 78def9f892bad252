package org.fablab.gateway.app;

import java.util.function.IntSupplier;
import org.fablab.gateway.ingest.AuthStats;
import org.fablab.gateway.ingest.IngestStats;
import org.fablab.protocol.Decision;
import org.fablab.protocol.Rejection;

/** Renders the ingestion and live authorization counters in the Prometheus text exposition format (version 0.0.4). */
final class PrometheusText {
    private PrometheusText() {
    }

    static String render(IngestStats stats, IntSupplier queued, AuthStats auth) {
        StringBuilder out = new StringBuilder();
        counter(out, "fablab_events_stored_total", "Node events stored for the first time.", stats.storedCount());
        counter(out, "fablab_events_duplicate_total", "Redelivered node events ignored.", stats.duplicateCount());
        counter(out, "fablab_statuses_total", "Node status messages applied.", stats.statusCount());
        counter(out, "fablab_store_failures_total", "Database writes that failed and were retried.",
                stats.storeFailureCount());
        out.append("# HELP fablab_messages_rejected_total Messages refused at ingestion, by reason.\n")
                .append("# TYPE fablab_messages_rejected_total counter\n");
        for (Rejection reason : Rejection.values()) {
            out.append("fablab_messages_rejected_total{reason=\"").append(reason.wire()).append("\"} ")
                    .append(stats.rejectedCount(reason)).append('\n');
        }
        out.append("# HELP fablab_ingest_queue_messages Messages waiting for the database writer.\n")
                .append("# TYPE fablab_ingest_queue_messages gauge\n")
                .append("fablab_ingest_queue_messages ").append(queued.getAsInt()).append('\n');
        out.append("# HELP fablab_auth_requests_answered_total Live authorization requests answered, by decision.\n")
                .append("# TYPE fablab_auth_requests_answered_total counter\n");
        for (Decision decision : Decision.values()) {
            out.append("fablab_auth_requests_answered_total{decision=\"").append(decision.wire()).append("\"} ")
                    .append(auth.answeredCount(decision)).append('\n');
        }
        counter(out, "fablab_auth_requests_refused_total",
                "Live authorization requests refused unanswered (failed verification or replayed seq).",
                auth.refusedCount());
        counter(out, "fablab_auth_requests_dropped_total",
                "Live authorization requests acknowledged unanswered because the responder's queue was full.",
                auth.droppedCount());
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }
}

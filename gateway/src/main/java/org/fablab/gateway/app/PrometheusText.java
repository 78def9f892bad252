package org.fablab.gateway.app;

import java.util.function.IntSupplier;
import org.fablab.gateway.ingest.IngestStats;
import org.fablab.protocol.Rejection;

/** Renders the ingestion counters in the Prometheus text exposition format (version 0.0.4). */
final class PrometheusText {
    private PrometheusText() {
    }

    static String render(IngestStats stats, IntSupplier queued) {
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
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }
}

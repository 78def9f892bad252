package org.fablab.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcExports;
import org.fablab.gateway.billing.CsvLayout;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.service.ExportService;

/**
 * The charges export of a year's ledger ({@link BillingData}, 1,000,000 entries by default) to a file, beside the
 * {@code sqlite3 -csv} command-line shell running the very same join query ({@link JdbcExports#CHARGES}) to a file
 * in the same run, alternating, best of three each; then the export run again in a child JVM with {@code -Xmx64m}
 * for one month and for the whole year, reporting the heap: peak used and the largest heap still live after a
 * collection, which must not grow with the number of rows.
 * Usage: {@code java -cp bench/target/bench.jar org.fablab.bench.ExportBenchmark [entries] [database file]};
 * see docs/performance.md.
 */
public final class ExportBenchmark {
    private static final LocalDate FROM = BillingData.FIRST_DAY;
    private static final LocalDate TO = LocalDate.of(2026, 12, 31);
    private static final int ROUNDS = 3;
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("heap")) {
            heapChild(Path.of(args[1]), LocalDate.parse(args[2]), LocalDate.parse(args[3]), Path.of(args[4]));
            return;
        }
        long entries = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path file = BillingData.ensure(Path.of(args.length > 1 ? args[1]
                : System.getProperty("java.io.tmpdir") + "/fablab-bench-billing.db"), entries);
        String sqlite3 = sqlite3Version();
        Path javaOut = Files.createTempFile("charges-java", ".csv");
        Path shellOut = Files.createTempFile("charges-sqlite3", ".csv");
        long head = entries;
        String query = JdbcExports.CHARGES.replaceFirst("\\?", "'" + FROM + "'").replaceFirst("\\?", "'" + TO + "'")
                .replaceFirst("\\?", Long.toString(head));
        double bestJava = Double.MAX_VALUE;
        double bestShell = Double.MAX_VALUE;
        long rows = 0;
        try (Database database = Database.open("jdbc:sqlite:" + file, "", "", 2)) {
            ExportService exports = new ExportService(new JdbcExports(database.dataSource(), ZONE),
                    Journal.Accounts.DEFAULT, Clock.systemUTC());
            for (int round = 1; round <= ROUNDS; round++) {
                long started = System.nanoTime();
                Process shell = new ProcessBuilder("sqlite3", "-csv", file.toString(), query)
                        .redirectOutput(shellOut.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (shell.waitFor() != 0) {
                    throw new IllegalStateException("sqlite3 failed with exit " + shell.exitValue());
                }
                double shellSeconds = (System.nanoTime() - started) / 1e9;
                started = System.nanoTime();
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(javaOut), 1 << 16)) {
                    rows = exports.write("bench", new ExportService.Request(ExportService.Kind.CHARGES, FROM, TO,
                            CsvLayout.FRENCH), out).rows();
                }
                double javaSeconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("round %d: export %.2f s, sqlite3 -csv %.2f s%n", round, javaSeconds, shellSeconds);
                bestJava = Math.min(bestJava, javaSeconds);
                bestShell = Math.min(bestShell, shellSeconds);
            }
        }
        long shellRows = lines(shellOut);
        List<String> month = heapRun(file, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 30));
        List<String> year = heapRun(file, FROM, TO);

        System.out.printf("| figure | value | baseline (same run) | ratio |%n|---|---|---|---|%n");
        System.out.printf("| charges export of %,d ledger entries (%,d rows, %,d MiB) to a file, best of %d, s | %.2f "
                + "| `sqlite3 -csv` of the same query (%,d rows, %,d MiB): %.2f s | %.2f |%n", entries, rows,
                Files.size(javaOut) >> 20, ROUNDS, bestJava, shellRows, Files.size(shellOut) >> 20, bestShell,
                bestJava / bestShell);
        System.out.printf("| charges export, rows/s | %,.0f | sqlite3: %,.0f | |%n", rows / bestJava, shellRows / bestShell);
        System.out.printf("| -Xmx64m, one month (%s rows): peak heap used / largest heap live after a GC, MiB | %s / %s "
                + "| heap live before the export: %s | |%n", month.get(0), month.get(1), month.get(2), month.get(4));
        System.out.printf("| -Xmx64m, whole year (%s rows): peak heap used / largest heap live after a GC, MiB | %s / %s "
                + "| one month: %s | %.2f |%n", year.get(0), year.get(1), year.get(2), month.get(2),
                Double.parseDouble(year.get(2)) / Double.parseDouble(month.get(2)));
        System.out.printf("(%s; %d cores; %s; child GC %s)%n", sqlite3, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), year.get(3));
        Files.delete(javaOut);
        Files.delete(shellOut);
    }

    private static String sqlite3Version() throws Exception {
        try {
            Process p = new ProcessBuilder("sqlite3", "-version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return "sqlite3 " + version.split(" ")[0];
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the baseline needs the sqlite3 shell (Debian package sqlite3) on the PATH", e);
        }
    }

    private static long lines(Path file) throws Exception {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    /**
     * The export in a child JVM with a 64 MiB heap; returns rows, peak used, largest live after GC, GC names and the
     * heap live before the export.
     */
    private static List<String> heapRun(Path file, LocalDate from, LocalDate to) throws Exception {
        Path out = Files.createTempFile("charges-heap", ".csv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ExportBenchmark.class.getName(), "heap", file.toString(), from.toString(), to.toString(), out.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                last = line;
            }
        }
        if (child.waitFor() != 0 || last == null) {
            throw new IllegalStateException("the -Xmx64m export failed with exit " + child.exitValue());
        }
        Files.delete(out);
        return Arrays.asList(last.split("\t"));
    }

    private static void heapChild(Path file, LocalDate from, LocalDate to, Path target) throws Exception {
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        Set<String> heapNames = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heap.add(pool);
                heapNames.add(pool.getName());
            }
        }
        try (Database database = Database.open("jdbc:sqlite:" + file, "", "", 2)) {
            ExportService exports = new ExportService(new JdbcExports(database.dataSource(),
                    ZONE), Journal.Accounts.DEFAULT, Clock.systemUTC());
            System.gc();
            long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            AtomicLong live = new AtomicLong();
            // heap used right after each collection: an upper bound of what the export keeps alive
            NotificationListener listener = (notification, handback) -> {
                if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                            .getGcInfo();
                    long after = info.getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> heapNames.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                    live.accumulateAndGet(after, Math::max);
                }
            };
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).addNotificationListener(listener, null, null);
            }
            long rows;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
                rows = exports.write("bench", new ExportService.Request(ExportService.Kind.CHARGES, from, to,
                        CsvLayout.FRENCH), out).rows();
            }
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(GarbageCollectorMXBean::getName).reduce((a, b) -> a + "+" + b).orElse("none");
            System.out.printf("%d\t%.1f\t%.1f\t%s\t%.1f%n", rows, peak / 1048576.0, live.get() / 1048576.0,
                    collectors, before / 1048576.0);
        }
    }
}

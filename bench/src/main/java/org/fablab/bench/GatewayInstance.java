package org.fablab.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.fablab.gateway.app.ConfigLoader;
import org.fablab.gateway.app.Gateway;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;

/**
 * One gateway instance of {@link NetworkSimulationBenchmark} in a JVM of its own, so that its process CPU is its
 * own. Configured by the usual {@code FABLAB_*} environment; the gateway logs to standard output as in
 * production. Answers the benchmark on standard error, one line per command read from standard input:
 * {@code stats} gives {@code BENCH stats <process CPU ns> <events stored>}, {@code revoke <member>
 * <certification>} revokes through {@code AccessService} as a fabmanager's REST call would and gives
 * {@code BENCH revoked}, {@code quit} closes the gateway.
 */
public final class GatewayInstance {
    static final String ANSWER = "BENCH ";
    private static final Principal ADMIN = new Principal("bench", Role.ADMIN, null, "Bench");

    private GatewayInstance() {
    }

    public static void main(String[] args) throws Exception {
        Gateway gateway = Gateway.start(ConfigLoader.load(Optional.empty(), System.getenv()), Clock.systemUTC(),
                directory -> { });
        answer("ready");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null && !line.equals("quit"); line = commands.readLine()) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "stats" -> answer("stats " + processCpuNanos() + " " + gateway.stats().storedCount());
                case "revoke" -> {
                    gateway.access().revoke(ADMIN, words[1], words[2], "network simulation");
                    answer("revoked");
                }
                default -> answer("unknown " + words[0]);
            }
        }
        gateway.close();
        answer("closed");
        System.exit(0);
    }

    private static void answer(String line) {
        System.err.println(ANSWER + line);
        System.err.flush();
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}

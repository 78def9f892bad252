package org.fablab.node.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifier against a stand-in {@code systemd-notify} script that records its arguments. */
class SystemdNotifierTest {
    @TempDir
    Path dir;

    @Test
    void underSystemd_sendsReadyThenFeedsTheWatchdogOnlyWhileHealthy() throws Exception {
        Path calls = dir.resolve("calls");
        Path tool = script(calls);
        AtomicBoolean healthy = new AtomicBoolean(true);

        try (SystemdNotifier notifier = SystemdNotifier.start(
                Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "200000"), healthy::get,
                tool.toString())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(calls).stream()
                    .filter(l -> l.endsWith("WATCHDOG=1")).count() >= 2);
            healthy.set(false);
            Thread.sleep(300);
            long fed = lines(calls).stream().filter(l -> l.endsWith("WATCHDOG=1")).count();
            Thread.sleep(500);

            assertThat(lines(calls).get(0)).isEqualTo("--pid=" + ProcessHandle.current().pid() + " --ready");
            assertThat(lines(calls).stream().filter(l -> l.endsWith("WATCHDOG=1")).count()).isEqualTo(fed);
        }
    }

    @Test
    void withoutNotifySocket_sendsNothing() throws Exception {
        Path calls = dir.resolve("calls");

        try (SystemdNotifier notifier = SystemdNotifier.start(Map.of("WATCHDOG_USEC", "200000"), () -> true,
                script(calls).toString())) {
            Thread.sleep(300);
        }

        assertThat(calls).doesNotExist();
    }

    private Path script(Path calls) throws Exception {
        Path tool = dir.resolve("systemd-notify");
        Files.writeString(tool, "#!/bin/sh\necho \"$*\" >> " + calls + "\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tool;
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}

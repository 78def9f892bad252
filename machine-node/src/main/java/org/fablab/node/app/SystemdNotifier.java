package org.fablab.node.app;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd the node is ready and keeps its watchdog fed, through the {@code systemd-notify} tool (the JDK
 * cannot send to a Unix datagram socket). Active only when systemd set {@code NOTIFY_SOCKET}; the watchdog
 * only when it set {@code WATCHDOG_USEC}. The watchdog is fed at half its period and only while
 * {@code healthy} answers true, so a node whose processing thread hangs is restarted by systemd (and its
 * relay is switched off by the restart). The unit needs {@code NotifyAccess=all}: the message comes from the
 * {@code systemd-notify} child, named with {@code --pid} as the service's main process.
 */
final class SystemdNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    static final String TOOL = "systemd-notify";

    private final String tool;
    private ScheduledExecutorService timer;

    private SystemdNotifier(String tool) {
        this.tool = tool;
    }

    /** Sends READY=1 and starts the watchdog when running under systemd; otherwise does nothing. */
    static SystemdNotifier start(Map<String, String> env, BooleanSupplier healthy) {
        return start(env, healthy, TOOL);
    }

    /** @param tool the {@code systemd-notify} executable */
    static SystemdNotifier start(Map<String, String> env, BooleanSupplier healthy, String tool) {
        SystemdNotifier notifier = new SystemdNotifier(tool);
        if (env.get("NOTIFY_SOCKET") == null) {
            return notifier;
        }
        notifier.notify("--ready");
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null) {
            return notifier;
        }
        Duration period = Duration.ofNanos(Long.parseLong(usec) * 1000 / 2);
        notifier.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "systemd-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        notifier.timer.scheduleAtFixedRate(() -> {
            if (healthy.getAsBoolean()) {
                notifier.notify("WATCHDOG=1");
            } else {
                LOG.error("node thread unresponsive, watchdog not fed");
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("systemd watchdog fed [period: {}]", period);
        return notifier;
    }

    private void notify(String message) {
        List<String> command = new ArrayList<>(List.of(tool, "--pid=" + ProcessHandle.current().pid()));
        command.add(message);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.warn("systemd-notify failed [message: {}]: {}", message, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}

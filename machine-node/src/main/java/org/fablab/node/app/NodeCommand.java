package org.fablab.node.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code node --config FILE [--check]}: runs a machine node until the process is stopped, or with
 * {@code --check} only validates the config. Exit codes: 0 ok, 2 invalid config (the message names the field).
 * Its words {@code enroll} and {@code rotate-key} set up and renew the node's identity (docs/enrollment.md).
 */
@Command(name = "node", mixinStandardHelpOptions = true, versionProvider = NodeCommand.Version.class,
        header = "Run a machine node (Raspberry Pi) from its config file.",
        subcommands = {EnrollCommand.class, RotateKeyCommand.class},
        description = "Runs a fablab machine node: badge reader, relay, offline ACL, durable event outbox, MQTT.")
public final class NodeCommand implements Callable<Integer> {
    static final int INVALID_CONFIG = 2;
    private static final Duration WATCHDOG_CHECK = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);

    // not required by picocli: 'enroll' and 'rotate-key' run without it; checked in call()
    @Option(names = "--config", paramLabel = "FILE", description = "node config (YAML)")
    Path config;

    @Option(names = "--check", description = "validate the config and exit")
    boolean check;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public NodeCommand() {
        this(System.getenv());
    }

    NodeCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (config == null) {
            spec.commandLine().getErr().println("Missing required option: '--config=FILE'");
            spec.commandLine().usage(spec.commandLine().getErr());
            spec.commandLine().getErr().flush();
            return INVALID_CONFIG;
        }
        NodeConfig nodeConfig;
        try {
            nodeConfig = NodeConfigLoader.load(config, env);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("invalid config " + config + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return INVALID_CONFIG;
        }
        if (check) {
            out.println("config ok: " + config + " [lab: " + nodeConfig.lab() + ", node: " + nodeConfig.node() + "]");
            out.flush();
            return 0;
        }
        NodeHardware hardware = NodeHardware.forConfig(nodeConfig);
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            hardware.relay().setOn(false);
            LOG.error("uncaught error, power cut [thread: {}]", thread.getName(), error);
        });
        MachineNode node = MachineNode.start(nodeConfig, hardware, Clock.systemUTC());
        SystemdNotifier systemd = SystemdNotifier.start(env, () -> node.responsive(WATCHDOG_CHECK));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            systemd.close();
            node.close();
            stopped.countDown();
        }, "node-shutdown"));
        stopped.await();
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fablab node " + NodeVersion.SOFTWARE};
        }
    }
}

package org.fablab.launcher;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fablab demo}: the demo lab with simulated nodes that badge in and out on their own. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the demo lab: gateway, broker, simulated nodes, dashboard.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "data", description = "Folder for the database, broker and node stores (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--node-config", description = "Run the demo nodes on the hardware of this node config "
            + "(e.g. firmware-config/examples/demo-pi4j-mock.yaml: the Pi4J adapters on Pi4J's mock platform).")
    Path nodeConfig;

    @Override
    public Integer call() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        Demo demo = Demo.start(dataDir, System.getenv(), Demo.NodeTimings.DEMO, clock, Optional.ofNullable(nodeConfig),
                Map.of(), Demo.History.LAST_YEAR);
        DemoScript script = new DemoScript(demo, clock);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            script.close();
            demo.close();
            stopped.countDown();
        }, "demo-shutdown"));
        script.start();
        System.out.printf("%nfablab demo is running.%n  dashboard: http://127.0.0.1:%d/%n"
                        + "  logins:    %s (password '%s', demo only)%n"
                        + "  data:      %s%n  Ctrl-C stops it cleanly.%n%n",
                demo.gateway().httpPort(),
                String.join(", ", DemoLab.ACCOUNTS.stream().map(DemoLab.DemoAccount::username).toList()),
                DemoLab.DEMO_PASSWORD, dataDir.toAbsolutePath());
        stopped.await();
        return 0;
    }
}

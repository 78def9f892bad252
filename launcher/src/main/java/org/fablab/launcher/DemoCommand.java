package org.fablab.launcher;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fablab demo}: the demo lab with simulated nodes that badge in and out on their own. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the demo lab: gateway, broker, simulated nodes, dashboard.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "data", description = "Folder for the database, broker and node stores (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--node-config", description = "Run the demo nodes on the hardware of this node config "
            + "(e.g. firmware-config/examples/demo-pi4j-mock.yaml: the Pi4J adapters on Pi4J's mock platform).")
    Path nodeConfig;

    @Option(names = "--network", description = "Run two partner labs side by side (docs/network.md): the demo lab, "
            + "and a partner lab in <data>/partner whose machines the demo lab's member Zoé visits.")
    boolean network;

    @Option(names = "--partner-port", defaultValue = "" + DemoNetwork.HOST_HTTP_PORT,
            description = "With --network: the partner lab's dashboard port (default: ${DEFAULT-VALUE}).")
    int partnerPort;

    @Option(names = "--partner-broker-port", defaultValue = "" + DemoNetwork.HOST_BROKER_PORT,
            description = "With --network: the partner lab's embedded broker port (default: ${DEFAULT-VALUE}).")
    int partnerBrokerPort;

    @Override
    public Integer call() throws InterruptedException {
        if (network) {
            if (nodeConfig != null) {
                throw new ParameterException(spec.commandLine(),
                        "--network runs simulated nodes only: leave out --node-config");
            }
            return runNetwork();
        }
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
                demo.gateway().httpPort(), logins(), DemoLab.DEMO_PASSWORD, dataDir.toAbsolutePath());
        stopped.await();
        return 0;
    }

    private int runNetwork() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        DemoNetwork labs = DemoNetwork.start(dataDir, System.getenv(), Map.of(
                        "FABLAB_HTTP_PORT", Integer.toString(partnerPort),
                        "FABLAB_MQTT_EMBEDDED_PORT", Integer.toString(partnerBrokerPort)),
                Demo.NodeTimings.DEMO, clock, Demo.History.LAST_YEAR);
        DemoScript atHome = new DemoScript(labs.home(), clock);
        DemoScript atHost = new DemoScript(labs.host(), List.of(DemoNetwork.VISITOR), clock);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            atHost.close();
            atHome.close();
            labs.close();
            stopped.countDown();
        }, "demo-shutdown"));
        atHome.start();
        atHost.start();
        String home = labs.home().config().lab();
        String host = labs.host().config().lab();
        System.out.printf("%nfablab demo --network is running: two partner labs (docs/network.md, \"Two demo labs\").%n"
                        + "  home lab %s, %s: http://127.0.0.1:%d/  (data %s)%n"
                        + "  host lab %s, %s: http://127.0.0.1:%d/  (data %s)%n"
                        + "  logins:  %s, in both labs (password '%s', demo only)%n"
                        + "  Zoé Laurent, a member of the home lab, badges in now and then on the host lab's machines.%n"
                        + "  at the host  fabmanager: board and sessions, Zoé as the home lab's visitor; #/partners,%n"
                        + "                           the pass list held and the equivalences%n"
                        + "               treasurer:  #/ledger?member=network:%s, her visits charged to the home lab%n"
                        + "  at home      treasurer:  #/ledger?member=%s, each visit charged to her from its receipt%n"
                        + "%s"
                        + "  Ctrl-C stops both cleanly.%n%n",
                home, DemoNetwork.HOME_NAME, labs.home().gateway().httpPort(), dataDir.toAbsolutePath(),
                host, DemoNetwork.HOST_NAME, labs.host().gateway().httpPort(),
                dataDir.toAbsolutePath().resolve("partner"), logins(), DemoLab.DEMO_PASSWORD, home,
                DemoNetwork.VISITOR.id(), labs.settlement().map(month -> String.format(
                        "  settlement of %s with %s: http://127.0.0.1:%d/#/partners (treasurer or admin), both labs'"
                                + " statements within a few minutes%n", month, host,
                        labs.home().gateway().httpPort())).orElse(""));
        stopped.await();
        return 0;
    }

    private static String logins() {
        return String.join(", ", DemoLab.ACCOUNTS.stream().map(DemoLab.DemoAccount::username).toList());
    }
}

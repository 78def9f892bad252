package org.fablab.gateway.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fablab gateway --config FILE}: the production gateway. */
@Command(name = "gateway", mixinStandardHelpOptions = true, description = "Run the gateway from a config file.")
final class GatewayCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML config file; FABLAB_* environment variables override it.")
    Path config;

    @Option(names = "--check", description = "Validate the configuration and exit.")
    boolean checkOnly;

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig settings = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
        if (checkOnly) {
            System.out.println("configuration is valid: " + settings);
            return 0;
        }
        Gateway gateway = Gateway.start(settings, Clock.systemUTC(), directory -> { });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        stopped.await();
        return 0;
    }
}

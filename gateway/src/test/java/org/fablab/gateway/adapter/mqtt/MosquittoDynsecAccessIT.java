package org.fablab.gateway.adapter.mqtt;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.provision.DynsecFile;
import org.fablab.provision.MosquittoConf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker rules on a real Mosquitto 2 started by the test on a free port, with the {@code conf.d} file and the
 * Dynamic Security file that {@code fablab provision mosquitto} writes, included from a main file the way Debian's
 * {@code /etc/mosquitto/mosquitto.conf} includes {@code conf.d}; node users are made by {@link DynsecBrokerAccounts}.
 */
class MosquittoDynsecAccessIT extends BrokerAccessContract {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final String GATEWAY_CLIENT_ID = "gw-test";

    @TempDir
    Path dir;
    private Process mosquitto;
    private DynsecBrokerAccounts accounts;
    private Login login;

    @Override
    void startBroker() throws Exception {
        int port = freePort();
        SecureRandom random = new SecureRandom();
        DynsecFile.User admin = new DynsecFile.User("dynsec-admin", DynsecFile.randomPassword(random));
        DynsecFile.User gateway = new DynsecFile.User("fablab-gateway", DynsecFile.randomPassword(random));
        Path dynsec = dir.resolve("dynamic-security.json");
        Files.writeString(dynsec, DynsecFile.json(LAB, admin, gateway, GATEWAY_CLIENT_ID, Optional.empty(), random));
        Path confD = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(confD.resolve("fablab.conf"), new MosquittoConf(LAB, "127.0.0.1", port, Optional.empty(),
                MosquittoConf.DEBIAN_PLUGIN, dynsec, Optional.of(dir), 100_000, 1000, Duration.ofDays(30)).text());
        Path main = dir.resolve("mosquitto.conf");
        // as root, Mosquitto would switch to the mosquitto user, which may not read this test's folder
        Files.writeString(main, "user " + System.getProperty("user.name") + "\ninclude_dir " + confD + "\n");
        mosquitto = new ProcessBuilder(MOSQUITTO.toString(), "-c", main.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        awaitPort(port);
        String url = "tcp://127.0.0.1:" + port;
        accounts = DynsecBrokerAccounts.connect(new DynsecBrokerAccounts.Settings(url, GATEWAY_CLIENT_ID + "-admin",
                admin.username(), admin.password(), LAB));
        login = new Login(url, gateway.username(), gateway.password(), GATEWAY_CLIENT_ID);
    }

    private void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!mosquitto.isAlive()) {
                throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + ": "
                + Files.readString(dir.resolve("mosquitto.log")));
    }

    @Override
    void stopBroker() throws Exception {
        if (accounts != null) {
            accounts.close();
        }
        if (mosquitto != null) {
            mosquitto.destroy();
            if (!mosquitto.waitFor(5, TimeUnit.SECONDS)) {
                mosquitto.destroyForcibly();
            }
        }
    }

    @Override
    BrokerAccounts accounts() {
        return accounts;
    }

    @Override
    Login gatewayLogin() {
        return login;
    }
}

package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fablab.gateway.app.ConfigLoader;
import org.fablab.gateway.app.GatewayConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo's data folder as the README uses it: the config it leaves, and a second gateway refused on it. */
class DemoDataFolderIT {
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    @TempDir
    Path folder;
    private Demo demo;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        demo = TestLabs.onEmbeddedBroker(folder.resolve("data"), "folder");
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void theDemo_leavesTheConfigItRunsWith_withItsSecretsInOwnerOnlyFilesBesideIt() throws IOException {
        Path config = folder.resolve("data/gateway.yaml");

        assertThat(config).exists();
        String yaml = Files.readString(config);
        DemoKeys keys = DemoKeys.loadOrCreate(folder.resolve("data/demo-keys.json"), DemoLab.nodeIds());
        assertThat(yaml).doesNotContain(keys.gatewayPrivateKey()).doesNotContain(keys.labPepper());
        for (String secret : new String[] {"gateway-key", "lab-pepper", "demo-keys.json"}) {
            assertThat(Files.getPosixFilePermissions(folder.resolve("data").resolve(secret))).as(secret)
                    .isEqualTo(OWNER_ONLY);
        }
        GatewayConfig loaded = ConfigLoader.load(Optional.of(config), Map.of());
        assertThat(loaded.lab()).startsWith("folder-");
        assertThat(loaded.store().url()).isEqualTo("jdbc:sqlite:" + folder.resolve("data/fablab.db"));
        assertThat(loaded.mqtt().dataDir()).isEqualTo(folder.resolve("data/broker"));
    }

    @Test
    void theReadmeWords_runOnTheDemosData() {
        String config = folder.resolve("data/gateway.yaml").toString();
        Path csv = folder.resolve("charges.csv");

        assertThat(run("ledger", "verify", "--config", config)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ledger verified");
        assertThat(run("export", "charges", "--config", config, "--from", "2026-11-01", "--to", "2026-11-30",
                "--out", csv.toString())).as(err.toString()).isZero();
        assertThat(csv).content().startsWith("date,");
    }

    @Test
    void aSecondGatewayOnTheSameDataFolder_exitsAtOnceNamingIt() {
        Path config = folder.resolve("data/gateway.yaml");

        int exit = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("gateway", "--config",
                config.toString()));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(folder.resolve("data/broker").toString()).contains("another gateway");
    }

    @Test
    void aSecondGatewayOnTheSameSqliteStore_withADataFolderOfItsOwn_exitsAtOnceNamingTheStore() throws IOException {
        String yaml = Files.readString(folder.resolve("data/gateway.yaml"));
        String broker = folder.resolve("data/broker").toString();
        assertThat(yaml).contains(broker);
        Path config = folder.resolve("second.yaml");
        Files.writeString(config, yaml.replace(broker, folder.resolve("second-broker").toString()));

        int exit = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("gateway", "--config",
                config.toString()));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("store.url").contains(folder.resolve("data/fablab.db").toString())
                .contains("another gateway").doesNotContain("data folder");
    }

    private int run(String... args) {
        CommandLine cli = FablabCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}

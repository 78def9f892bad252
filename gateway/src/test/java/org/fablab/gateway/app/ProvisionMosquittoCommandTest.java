package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.fablab.protocol.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProvisionMosquittoCommandTest {
    @TempDir
    Path folder;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = GatewayCli.commandLine(new GatewayCli());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void withTls_writesTheConfTheUsersAndTheGatewaysSettings() throws Exception {
        Path conf = folder.resolve("fablab.conf");
        Path dynsec = folder.resolve("dynamic-security.json");
        Path env = folder.resolve("broker.env");
        int code = run("provision", "mosquitto", "--lab", "lab1", "--out", conf.toString(), "--dynsec-file",
                dynsec.toString(), "--env-out", env.toString(), "--cafile", "/etc/fablab/ca.pem", "--certfile",
                "/etc/fablab/broker.pem", "--keyfile", "/etc/fablab/broker-key.pem");

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readAllLines(conf)).contains("allow_anonymous false", "listener 8883 0.0.0.0",
                "cafile /etc/fablab/ca.pem", "plugin_opt_config_file " + dynsec.toAbsolutePath());
        JsonNode users = Json.mapper().readTree(dynsec.toFile());
        assertThat(users.at("/clients/0/username").asText()).isEqualTo("fablab-admin");
        assertThat(users.at("/clients/1/clientid").asText()).isEqualTo("fablab-gateway");
        String settings = Files.readString(env);
        assertThat(settings).contains("FABLAB_MQTT_BROKER_ADMIN=dynsec", "FABLAB_MQTT_ADMIN_USERNAME=fablab-admin",
                "FABLAB_MQTT_USERNAME=fablab-gateway").containsPattern("FABLAB_MQTT_ADMIN_PASSWORD=[A-Za-z0-9_-]{43}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
        assertThat(out.toString()).doesNotContain(settings.lines().filter(l -> l.contains("PASSWORD="))
                .findFirst().orElseThrow().split("=")[1]);
    }

    @Test
    void anExistingUserFile_isKept() throws Exception {
        Path dynsec = folder.resolve("dynamic-security.json");
        Files.writeString(dynsec, "{\"clients\":[]}");
        int code = run("provision", "mosquitto", "--lab", "lab1", "--out", folder.resolve("fablab.conf").toString(),
                "--dynsec-file", dynsec.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readString(dynsec)).isEqualTo("{\"clients\":[]}");
        assertThat(Files.readAllLines(folder.resolve("fablab.conf"))).contains("listener 1883 127.0.0.1");
    }

    @Test
    void plainMqttOnTheNetwork_isRefusedWithAReason() {
        int code = run("provision", "mosquitto", "--lab", "lab1", "--out", folder.resolve("fablab.conf").toString(),
                "--dynsec-file", folder.resolve("d.json").toString(), "--env-out", folder.resolve("e").toString(),
                "--bind", "0.0.0.0");

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("loopback");
        assertThat(folder.resolve("fablab.conf")).doesNotExist();
        assertThat(folder.resolve("d.json")).doesNotExist();
    }

    @Test
    void aNewUserFile_withoutAPlaceForThePasswords_isRefused() {
        int code = run("provision", "mosquitto", "--lab", "lab1", "--out", folder.resolve("fablab.conf").toString(),
                "--dynsec-file", folder.resolve("d.json").toString());

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--env-out");
    }
}

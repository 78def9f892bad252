package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
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
    void severalGatewayInstances_getUsersOfTheirOwn_andAnEnvironmentFileEach() throws Exception {
        Path dynsec = folder.resolve("dynamic-security.json");
        Path envs = folder.resolve("gateways");
        int code = run("provision", "mosquitto", "--lab", "lab1", "--out", folder.resolve("fablab.conf").toString(),
                "--dynsec-file", dynsec.toString(), "--env-out", envs.toString(), "--shared-group", "gateways",
                "--gateway-client-id", "gw-1", "--gateway-client-id", "gw-2");

        assertThat(code).as(err.toString()).isZero();
        JsonNode clients = Json.mapper().readTree(dynsec.toFile()).get("clients");
        assertThat(clients).extracting(c -> c.get("username").asText())
                .containsExactly("gw-1-admin", "gw-1", "gw-2-admin", "gw-2");
        assertThat(clients.get(1).get("clientid").asText()).isEqualTo("gw-1");
        assertThat(clients.get(3).get("clientid").asText()).isEqualTo("gw-2");
        String one = Files.readString(envs.resolve("gw-1.env"));
        String two = Files.readString(envs.resolve("gw-2.env"));
        assertThat(one).contains("FABLAB_MQTT_CLIENT_ID=gw-1\n", "FABLAB_MQTT_USERNAME=gw-1\n",
                "FABLAB_MQTT_ADMIN_USERNAME=gw-1-admin\n");
        assertThat(two).contains("FABLAB_MQTT_CLIENT_ID=gw-2\n", "FABLAB_MQTT_USERNAME=gw-2\n",
                "FABLAB_MQTT_ADMIN_USERNAME=gw-2-admin\n");
        assertThat(password(one, "FABLAB_MQTT_PASSWORD")).isNotEqualTo(password(two, "FABLAB_MQTT_PASSWORD"));
        assertThat(password(one, "FABLAB_MQTT_ADMIN_PASSWORD"))
                .isNotEqualTo(password(two, "FABLAB_MQTT_ADMIN_PASSWORD"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(envs.resolve("gw-2.env"))))
                .isEqualTo("rw-------");
    }

    @Test
    void severalGatewayInstances_withOneUserName_orOneClientIdTwice_areRefused() {
        String[] common = {"provision", "mosquitto", "--lab", "lab1", "--out", folder.resolve("fablab.conf").toString(),
                "--dynsec-file", folder.resolve("d.json").toString(), "--env-out", folder.resolve("e").toString(),
                "--gateway-client-id", "gw-1", "--gateway-client-id"};

        assertThat(run(concat(common, "gw-2", "--gateway-user", "gateway"))).isNotZero();
        assertThat(err.toString()).contains("--gateway-user and --admin-user name the users of a single instance");
        assertThat(run(concat(common, "gw-1"))).isNotZero();
        assertThat(err.toString()).contains("each instance needs its own");
        assertThat(run(concat(common, "gw 2"))).isNotZero();
        assertThat(err.toString()).contains("'gw 2' must be 1 to 23");
        assertThat(folder.resolve("d.json")).doesNotExist();
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(more)).toArray(String[]::new);
    }

    private static String password(String environment, String name) {
        return environment.lines().filter(l -> l.startsWith(name + "=")).findFirst().orElseThrow()
                .substring(name.length() + 1);
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

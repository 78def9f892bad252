package org.fablab.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.app.GatewayCli;
import org.fablab.protocol.BrokerTransport;
import org.fablab.protocol.Json;
import org.fablab.provision.DynsecFile;
import picocli.CommandLine;

/**
 * One lab's Mosquitto 2 set up as an installer would: {@code fablab provision ca} (a CA of its own, a certificate for
 * {@code localhost}), {@code fablab provision mosquitto} (a TLS-only listener on a free port, Dynamic Security, the
 * gateway's settings in an environment file), and, between two labs, {@code fablab provision bridge-user} on the
 * accepting broker and {@code fablab provision bridge} on the connecting one.
 */
public final class LabBroker {
    private static final long ANSWER_SECONDS = 15;

    private final String lab;
    private final Path folder;
    private final int port;
    private final Map<String, String> env;
    private PrivateMosquitto broker;

    private LabBroker(String lab, Path folder, int port, Map<String, String> env) {
        this.lab = lab;
        this.folder = folder;
        this.port = port;
        this.env = env;
    }

    /** An ACL of a test user's role: a Dynamic Security acltype and its topic. */
    public record Acl(String type, String topic) {
    }

    /** Provisions lab {@code lab}'s CA, broker configuration and users in {@code folder}; the broker is not started. */
    public static LabBroker provision(Path folder, String lab) throws Exception {
        Files.createDirectories(folder);
        Path tls = folder.resolve("tls");
        run("provision", "ca", "--out", tls.toString(), "--name", "Lab " + lab, "--host", "localhost");
        int port = PrivateMosquitto.freePort();
        Files.createDirectories(folder.resolve("conf.d"));
        run("provision", "mosquitto", "--lab", lab, "--out", folder.resolve("conf.d/fablab.conf").toString(),
                "--dynsec-file", folder.resolve("dynamic-security.json").toString(), "--env-out",
                folder.resolve("broker.env").toString(), "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--cafile", tls.resolve("ca.pem").toString(), "--certfile", tls.resolve("server.pem").toString(),
                "--keyfile", tls.resolve("server.key").toString(), "--persistence-dir", folder.toString());
        Map<String, String> env = Files.readAllLines(folder.resolve("broker.env")).stream()
                .filter(line -> line.startsWith("FABLAB_")).collect(Collectors.toMap(
                        line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
        return new LabBroker(lab, folder, port, env);
    }

    public String lab() {
        return lab;
    }

    public int port() {
        return port;
    }

    /** The gateway's broker settings {@code fablab provision mosquitto} wrote, as FABLAB_* variables. */
    public Map<String, String> env() {
        return env;
    }

    private Path confD() {
        return folder.resolve("conf.d");
    }

    public Path ca() {
        return folder.resolve("tls/ca.pem");
    }

    public String url() {
        return "ssl://localhost:" + port;
    }

    /** Starts the broker, or starts it again on its files, and waits for its port. */
    public void start() throws Exception {
        broker = PrivateMosquitto.startIncluding(folder, confD(), port);
    }

    public void stop() throws InterruptedException {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /**
     * On this running broker, makes the user that {@code partner}'s bridge logs in with; its password goes to
     * {@code passwordFile}, which is returned.
     */
    public Path acceptBridgeFrom(String partner, Path passwordFile) {
        run("provision", "bridge-user", "--lab", lab, "--partner", partner, "--url", url(), "--cafile",
                ca().toString(), "--admin-password-file", folder.resolve("broker.env").toString(),
                "--password-out", passwordFile.toString());
        return passwordFile;
    }

    /**
     * Writes this broker's bridge to {@code host} with the password {@code host} made for it, retrying every second
     * while the link is down, and (re)starts this broker, as Mosquitto reads bridges at start only.
     */
    public void bridgeTo(LabBroker host, Path passwordFile) throws Exception {
        run("provision", "bridge", "--lab", lab, "--partner", host.lab(), "--address", "localhost:" + host.port(),
                "--cafile", host.ca().toString(), "--password-file", passwordFile.toString(), "--restart-timeout",
                "1", "--restart-timeout-max", "1", "--out",
                confD().resolve("fablab-bridge-" + host.lab() + ".conf").toString());
        stop();
        start();
    }

    /** A client of this broker over TLS, pinned to the lab's CA. */
    public MqttClient connect(String user, String password, String clientId, boolean clean) throws MqttException {
        MqttClient client = new MqttClient(url(), clientId, new MemoryPersistence());
        client.connect(options(user, password, clean));
        return client;
    }

    public MqttConnectOptions options(String user, String password, boolean clean) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        options.setCleanSession(clean);
        options.setConnectionTimeout(5);
        // Paho may still count a publication in flight after publish() returned, until its callback thread has
        // handled the acknowledgement: twenty quick ones in a row could exceed its default of ten
        options.setMaxInflight(100);
        options.setSocketFactory(BrokerTransport.trusting(ca()));
        return options;
    }

    /** Makes user {@code name} with a role of its own allowed {@code acls}, through the plugin as the lab's admin. */
    public void addUser(String name, String password, List<Acl> acls) throws Exception {
        List<ObjectNode> commands = new ArrayList<>();
        commands.add(command("createRole").put("rolename", name));
        for (Acl acl : acls) {
            commands.add(command("addRoleACL").put("rolename", name).put("acltype", acl.type())
                    .put("topic", acl.topic()).put("allow", true));
        }
        commands.add(command("createClient").put("username", name).put("password", password));
        commands.add(command("addClientRole").put("username", name).put("rolename", name));
        dynsec(commands);
    }

    /** Sends Dynamic Security commands (the plugin's command names) as the lab's admin; fails on any error. */
    public void dynsec(List<ObjectNode> commands) throws Exception {
        MqttClient admin = connect(env.get("FABLAB_MQTT_ADMIN_USERNAME"), env.get("FABLAB_MQTT_ADMIN_PASSWORD"),
                "test-admin", true);
        try {
            BlockingQueue<String> answers = new LinkedBlockingQueue<>();
            admin.subscribe(DynsecFile.CONTROL_TOPIC + "/response", 1,
                    (topic, message) -> answers.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
            ObjectNode request = Json.mapper().createObjectNode();
            request.putArray("commands").addAll(commands);
            admin.publish(DynsecFile.CONTROL_TOPIC, Json.mapper().writeValueAsBytes(request), 1, false);
            String answer = answers.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
            assertThat(answer).as("the plugin's answer").isNotNull().doesNotContain("\"error\"");
            admin.disconnect();
        } finally {
            admin.close(true);
        }
    }

    public static ObjectNode command(String name) {
        return Json.mapper().createObjectNode().put("command", name);
    }

    /** Runs a {@code fablab} command as an installer types it; fails the test with its error output. */
    public static void run(String... args) {
        @CommandLine.Command(name = "fablab")
        final class Root {
        }
        StringWriter err = new StringWriter();
        CommandLine cli = GatewayCli.commandLine(new Root());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cli.execute(args), () -> String.join(" ", args) + ": " + err);
    }
}

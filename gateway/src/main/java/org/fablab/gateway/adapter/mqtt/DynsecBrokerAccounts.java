package org.fablab.gateway.adapter.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.protocol.BrokerTransport;
import org.fablab.protocol.Json;
import org.fablab.protocol.Names;
import org.fablab.provision.BridgeConf;
import org.fablab.provision.BrokerRule;
import org.fablab.provision.BrokerRules;
import org.fablab.provision.DynsecFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BrokerAccounts} on an external Mosquitto 2 through its Dynamic Security plugin: the gateway connects as the
 * plugin's admin user and sends commands on {@code $CONTROL/dynamic-security/v1}, reading the answers on
 * {@code .../response}. A node gets a client named after it, bound to its node id as client id, and a role of its
 * own holding its rights from {@link BrokerRules#node}; a partner lab's bridge gets the same, with
 * {@link BrokerRules#bridge} ({@link #grantBridge}). Granting replaces both (deleting a client makes Mosquitto drop its
 * connection); revoking deletes both. A refusal by the plugin, or no answer within 10 s, is an
 * {@link IllegalStateException} naming the command and the plugin's reason. Blocking; one command batch at a time.
 */
public final class DynsecBrokerAccounts implements BrokerAccounts, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynsecBrokerAccounts.class);
    private static final String RESPONSE_TOPIC = DynsecFile.CONTROL_TOPIC + "/response";
    private static final long ANSWER_SECONDS = 10;
    private static final String ROLE_PREFIX = "fablab-node-";
    private static final String BRIDGE_ROLE_PREFIX = "fablab-bridge-";

    /**
     * Where and as whom to connect; the password is never logged. {@code caFile} is the lab CA an {@code ssl://} URL is
     * pinned to, as for the gateway's own client ({@code mqtt.caFile}); empty, the JVM's trust store decides.
     */
    public record Settings(String url, String clientId, String username, String password, String lab,
                           Optional<Path> caFile) {
        public Settings {
            Names.requireText("url", url);
            Names.requireText("clientId", clientId);
            Names.requireText("username", username);
            Names.requireText("password", password);
            Names.requireId("lab", lab);
            Objects.requireNonNull(caFile, "caFile");
        }

        @Override
        public String toString() {
            return "Settings[url=" + url + ", clientId=" + clientId + ", username=" + username + "]";
        }
    }

    private final Settings settings;
    private final MqttClient client;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private DynsecBrokerAccounts(Settings settings, MqttClient client) {
        this.settings = settings;
        this.client = client;
    }

    /** Connects as the plugin's admin and subscribes to its answers; fails when the broker refuses or is away. */
    public static DynsecBrokerAccounts connect(Settings settings) {
        try {
            MqttClient client = new MqttClient(settings.url(), settings.clientId(), new MemoryPersistence());
            DynsecBrokerAccounts accounts = new DynsecBrokerAccounts(settings, client);
            client.setCallback(accounts.new Answers());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setAutomaticReconnect(true);
            options.setConnectionTimeout(10);
            options.setUserName(settings.username());
            options.setPassword(settings.password().toCharArray());
            BrokerTransport.socketFactory(settings.url(), settings.caFile()).ifPresent(options::setSocketFactory);
            client.connect(options);
            accounts.subscribe();
            LOG.info("administering the broker's users through Dynamic Security [{}]", settings);
            return accounts;
        } catch (MqttException e) {
            throw new IllegalStateException("cannot administer the broker's users: connecting to " + settings.url()
                    + " as Dynamic Security admin '" + settings.username() + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void grantNode(String nodeId, char[] password) {
        Names.requireId("node", nodeId);
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the broker password of node " + nodeId + " is empty");
        }
        String role = ROLE_PREFIX + nodeId;
        List<ObjectNode> commands = new ArrayList<>(removal(nodeId));
        commands.add(command("createRole").put("rolename", role));
        for (BrokerRule rule : BrokerRules.node(settings.lab(), nodeId)) {
            for (String type : DynsecFile.aclTypes(rule)) {
                commands.add(command("addRoleACL").put("rolename", role).put("acltype", type)
                        .put("topic", rule.filter()).put("allow", true));
            }
        }
        commands.add(command("createClient").put("username", nodeId).put("password", new String(password))
                .put("clientid", nodeId));
        commands.add(command("addClientRole").put("username", nodeId).put("rolename", role));
        run("node " + nodeId, commands);
        LOG.info("broker user granted [node: {}]", nodeId);
    }

    @Override
    public synchronized void revokeNode(String nodeId) {
        Names.requireId("node", nodeId);
        run("node " + nodeId, removal(nodeId));
        LOG.info("broker user revoked [node: {}]", nodeId);
    }

    /**
     * Makes, or replaces, the user that partner lab {@code partner}'s bridge logs in with: bound to the bridge's
     * client id ({@link BridgeConf#clientId}), with a role of its own holding {@link BrokerRules#bridge} and receiving
     * nothing outside what it may subscribe to. Replacing drops the bridge's open connection, so an old password stops
     * working at once; its persistent session, which holds what queued for the partner, is kept.
     */
    public synchronized void grantBridge(String partner, String username, char[] password) {
        Names.requireId("partner", partner);
        Names.requireText("username", username);
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the broker password of the bridge from " + partner + " is empty");
        }
        String role = BRIDGE_ROLE_PREFIX + partner;
        List<ObjectNode> commands = new ArrayList<>(List.of(command("deleteClient").put("username", username),
                command("deleteRole").put("rolename", role), command("createRole").put("rolename", role)));
        for (BrokerRule rule : BrokerRules.bridge(settings.lab(), partner)) {
            for (String type : DynsecFile.aclTypes(rule)) {
                commands.add(command("addRoleACL").put("rolename", role).put("acltype", type)
                        .put("topic", rule.filter()).put("allow", true));
            }
            if (rule.access() == BrokerRule.Access.SUBSCRIBE) {
                commands.add(command("addRoleACL").put("rolename", role).put("acltype", "publishClientReceive")
                        .put("topic", rule.filter()).put("priority", 1).put("allow", true));
            }
        }
        // the file's default lets every client receive; this user receives its partner's tree and nothing else
        commands.add(command("addRoleACL").put("rolename", role).put("acltype", "publishClientReceive")
                .put("topic", "#").put("priority", 0).put("allow", false));
        commands.add(command("createClient").put("username", username).put("password", new String(password))
                .put("clientid", BridgeConf.clientId(partner, settings.lab())));
        commands.add(command("addClientRole").put("username", username).put("rolename", role));
        run("the bridge from " + partner, commands);
        LOG.info("broker user granted [bridge from: {}, user: {}]", partner, username);
    }

    private static List<ObjectNode> removal(String nodeId) {
        return List.of(command("deleteClient").put("username", nodeId),
                command("deleteRole").put("rolename", ROLE_PREFIX + nodeId));
    }

    private static ObjectNode command(String name) {
        return Json.mapper().createObjectNode().put("command", name);
    }

    /**
     * Sends the commands as one batch and checks every answer; a delete of something absent is fine.
     *
     * @param subject whom the commands are for, in messages: {@code node n1}
     */
    private void run(String subject, List<ObjectNode> commands) {
        String batch = UUID.randomUUID().toString();
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        ObjectNode request = Json.mapper().createObjectNode();
        ArrayNode list = request.putArray("commands");
        for (int i = 0; i < commands.size(); i++) {
            String correlation = batch + "-" + i;
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(correlation, answer);
            answers.add(answer);
            list.add(commands.get(i).put("correlationData", correlation));
        }
        try {
            MqttMessage message = new MqttMessage(Json.mapper().writeValueAsBytes(request));
            message.setQos(1);
            client.publish(DynsecFile.CONTROL_TOPIC, message);
            for (int i = 0; i < commands.size(); i++) {
                String name = commands.get(i).get("command").asText();
                JsonNode answer = answers.get(i).get(ANSWER_SECONDS, TimeUnit.SECONDS);
                String error = answer.path("error").asText("");
                if (!error.isEmpty() && !(name.startsWith("delete") && error.toLowerCase().contains("not found"))) {
                    throw new IllegalStateException("the broker refused " + name + " for " + subject + ": " + error);
                }
            }
        } catch (IOException | MqttException e) {
            throw new IllegalStateException("sending the broker user commands for " + subject + " failed: "
                    + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not answer the user commands for " + subject
                    + " within " + ANSWER_SECONDS + " s (is the Dynamic Security plugin loaded, and may '"
                    + settings.username() + "' use " + DynsecFile.CONTROL_TOPIC + "?)", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("broker user commands for " + subject + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing the broker user of " + subject, e);
        } finally {
            for (int i = 0; i < commands.size(); i++) {
                pending.remove(batch + "-" + i);
            }
        }
    }

    private void subscribe() throws MqttException {
        client.subscribe(RESPONSE_TOPIC, 1);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.warn("closing the Dynamic Security admin connection: {}", e.getMessage());
        }
    }

    private final class Answers implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                try {
                    subscribe();
                } catch (MqttException e) {
                    LOG.warn("subscribing to the Dynamic Security answers failed: {}", e.getMessage());
                }
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.warn("lost the Dynamic Security admin connection, reconnecting: {}",
                    cause == null ? "unknown" : cause.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                for (JsonNode answer : Json.mapper().readTree(message.getPayload()).path("responses")) {
                    CompletableFuture<JsonNode> waiting = pending.get(answer.path("correlationData").asText(""));
                    if (waiting != null) {
                        waiting.complete(answer);
                    }
                }
            } catch (IOException e) {
                LOG.warn("unreadable Dynamic Security answer: {}", e.getMessage());
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // run() waits on the answers, not on the delivery
        }
    }
}

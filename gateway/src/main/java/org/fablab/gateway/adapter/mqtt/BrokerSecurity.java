package org.fablab.gateway.adapter.mqtt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.fablab.gateway.port.PasswordHasher;
import org.fablab.protocol.Names;
import org.fablab.provision.BridgeConf;
import org.fablab.provision.BrokerRule;
import org.fablab.provision.BrokerRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded broker and what each may do, asked by Artemis at every connect, publish and
 * subscribe (its own caches are off, see {@link EmbeddedBroker}, so a change here bites at the next packet):
 * <ul>
 *   <li>the gateway's user, with the process's random password and only with the gateway's client id;</li>
 *   <li>node users, named after their node and only with their node id as client id, rights from
 *       {@link BrokerRules#node};</li>
 *   <li>partner labs' bridge users, each only with its bridge's client id ({@link BridgeConf#clientId}), rights from
 *       {@link BrokerRules#bridge}; held in this process only, for a bridge that runs in it (the two-lab demo's);</li>
 *   <li>nobody else: anonymous clients, unknown users, and any other user asking for the gateway's client id are
 *       refused.</li>
 * </ul>
 * Node passwords are checked against their stored slow hash once per password; later checks (Artemis asks again for
 * every message) compare a SHA-256 digest, salted per process, of the last password that matched. Thread-safe.
 */
public final class BrokerSecurity implements ActiveMQSecurityManager5 {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerSecurity.class);
    private static final String FQQN_SEPARATOR = "::";

    /** The gateway's own broker login; the password lives only in this process. */
    public record GatewayLogin(String username, String password, String clientId) {
        public GatewayLogin {
            Names.requireText("username", username);
            Names.requireText("password", password);
            Names.requireText("clientId", clientId);
        }

        /** A login with a random 32-byte password, made anew by each gateway process and never stored. */
        public static GatewayLogin random(String username, String clientId) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            return new GatewayLogin(username, HexFormat.of().formatHex(secret), clientId);
        }

        @Override
        public String toString() {
            return "GatewayLogin[username=" + username + ", clientId=" + clientId + "]";
        }
    }

    /** A node user: its stored hash, and the digest of the last password that matched it (null before any). */
    private record NodeUser(String hash, byte[] verified) {
    }

    /** A partner lab's bridge user: the partner, and the digest of its password. */
    private record BridgeUser(String partner, byte[] digest) {
    }

    private final String lab;
    private final GatewayLogin gateway;
    private final List<BrokerRule> gatewayRules;
    private final PasswordHasher hasher;
    private final byte[] salt = new byte[16];
    private final Map<String, NodeUser> nodes = new ConcurrentHashMap<>();
    private final Map<String, BridgeUser> bridges = new ConcurrentHashMap<>();

    /** @param nodeHashes node id to stored password hash, as the gateway starts */
    public BrokerSecurity(String lab, GatewayLogin gateway, Optional<String> sharedGroup, PasswordHasher hasher,
                          Map<String, String> nodeHashes) {
        this.lab = Names.requireId("lab", lab);
        this.gateway = gateway;
        this.gatewayRules = BrokerRules.gateway(lab, sharedGroup);
        this.hasher = hasher;
        new SecureRandom().nextBytes(salt);
        nodeHashes.forEach((node, hash) -> nodes.put(node, new NodeUser(hash, null)));
    }

    public GatewayLogin gatewayLogin() {
        return gateway;
    }

    /** Sets the node's user from a fresh hash of {@code password}, which is known to match it. */
    void put(String nodeId, String hash, String password) {
        requireNodeName(nodeId);
        nodes.put(nodeId, new NodeUser(hash, digest(password)));
    }

    /** Sets the user {@code username} of partner lab {@code partner}'s bridge, with {@code password}. */
    void putBridge(String partner, String username, String password) {
        Names.requireId("partner", partner);
        Names.requireText("username", username);
        if (username.equals(gateway.username()) || nodes.containsKey(username)) {
            throw new IllegalArgumentException("bridge user '" + username + "' would take the gateway's or a node's");
        }
        bridges.put(username, new BridgeUser(partner, digest(password)));
    }

    void remove(String nodeId) {
        nodes.remove(nodeId);
    }

    /** Refuses a node id that is not an id or that would take the gateway's user or client id. */
    void requireNodeName(String nodeId) {
        Names.requireId("node", nodeId);
        if (nodeId.equals(gateway.username()) || nodeId.equals(gateway.clientId())) {
            throw new IllegalArgumentException("node '" + nodeId + "' would take the gateway's broker user or client id");
        }
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        String clientId = connection == null ? null : connection.getClientID();
        if (user == null || password == null || clientId == null) {
            return null;
        }
        boolean valid = user.equals(gateway.username()) ? isGateway(password, clientId)
                : bridges.containsKey(user) ? isBridge(user, password, clientId) : isNode(user, password, clientId);
        if (!valid) {
            LOG.debug("broker login refused [user: {}, client: {}]", user, clientId);
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        return subject;
    }

    private boolean isGateway(String password, String clientId) {
        return clientId.equals(gateway.clientId()) && MessageDigest.isEqual(
                password.getBytes(StandardCharsets.UTF_8), gateway.password().getBytes(StandardCharsets.UTF_8));
    }

    private boolean isBridge(String user, String password, String clientId) {
        BridgeUser bridge = bridges.get(user);
        return clientId.equals(BridgeConf.clientId(bridge.partner(), lab))
                && MessageDigest.isEqual(bridge.digest(), digest(password));
    }

    private boolean isNode(String user, String password, String clientId) {
        if (!user.equals(clientId) || clientId.equals(gateway.clientId())) {
            return false;
        }
        NodeUser known = nodes.get(user);
        if (known == null) {
            return false;
        }
        byte[] digest = digest(password);
        if (known.verified() != null && MessageDigest.isEqual(known.verified(), digest)) {
            return true;
        }
        if (!hasher.matches(password, known.hash())) {
            return false;
        }
        // only if unchanged meanwhile: a password replaced during the slow check must not come back
        nodes.replace(user, known, new NodeUser(known.hash(), digest));
        return true;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        Optional<List<BrokerRule>> rules = rulesOf(subject);
        if (rules.isEmpty() || address == null) {
            return false;
        }
        int queue = address.indexOf(FQQN_SEPARATOR);
        String filter = mqttFilter(queue < 0 ? address : address.substring(0, queue));
        return switch (checkType) {
            case SEND -> BrokerRules.mayPublish(rules.get(), filter);
            case CONSUME, BROWSE, CREATE_DURABLE_QUEUE, CREATE_NON_DURABLE_QUEUE, DELETE_DURABLE_QUEUE,
                 DELETE_NON_DURABLE_QUEUE -> BrokerRules.maySubscribe(rules.get(), filter);
            case CREATE_ADDRESS -> BrokerRules.mayPublish(rules.get(), filter)
                    || BrokerRules.maySubscribe(rules.get(), filter);
            default -> false;
        };
    }

    private Optional<List<BrokerRule>> rulesOf(Subject subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Optional<String> user = subject.getPrincipals(UserPrincipal.class).stream().map(UserPrincipal::getName)
                .findFirst();
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (user.get().equals(gateway.username())) {
            return Optional.of(gatewayRules);
        }
        BridgeUser bridge = bridges.get(user.get());
        if (bridge != null) {
            return Optional.of(BrokerRules.bridge(lab, bridge.partner()));
        }
        return nodes.containsKey(user.get()) ? Optional.of(BrokerRules.node(lab, user.get())) : Optional.empty();
    }

    /**
     * The MQTT filter an Artemis address stands for: Artemis turns {@code /} into {@code .} and {@code +} into
     * {@code *} ({@code #} stays). Topics whose levels hold a {@code .} share an address with the split form, and
     * are judged as it, which is how Artemis routes them too.
     */
    static String mqttFilter(String address) {
        return address.replace('.', '/').replace('*', '+');
    }

    private byte[] digest(String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }
}

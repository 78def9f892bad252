package org.fablab.provision;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.fablab.protocol.Json;
import org.fablab.protocol.Names;

/**
 * The first content of Mosquitto's Dynamic Security file for a lab: for each gateway instance, an admin user that may
 * only send the plugin's commands (the gateway uses it to manage node users) and the gateway's user, bound to that
 * instance's client id, with the gateway's rights from {@link BrokerRules}. Each instance has users of its own, so
 * the users of one that was lost can be changed or deleted without touching the others. Nothing is allowed by
 * default. Passwords are stored as Mosquitto does: PBKDF2-HMAC-SHA512, 64 bytes, a 12-byte salt, base64.
 */
public final class DynsecFile {
    /** Mosquitto's own iteration count; the passwords here are random 32-byte secrets, not words a person chose. */
    static final int ITERATIONS = 101;
    public static final String CONTROL_TOPIC = "$CONTROL/dynamic-security/v1";
    private static final String ADMIN_ROLE = "fablab-dynsec-admin";
    private static final String GATEWAY_ROLE = "fablab-gateway";

    private DynsecFile() {
    }

    /** A user to create, with its password in clear (only hashed into the file). */
    public record User(String username, String password) {
        public User {
            Names.requireText("username", username);
            Names.requireText("password", password);
        }

        @Override
        public String toString() {
            return "User[" + username + "]";
        }
    }

    /** A random password of 32 bytes, base64url without padding. */
    public static String randomPassword(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * One gateway instance's users.
     *
     * @param clientId its {@code mqtt.clientId}, the only client id its gateway user may connect with
     * @param gateway  its own user
     * @param admin    its Dynamic Security admin user
     */
    public record Instance(String clientId, User gateway, User admin) {
        public Instance {
            Names.requireText("clientId", clientId);
            if (admin.username().equals(gateway.username())) {
                throw new IllegalArgumentException("the admin and the gateway need two different users");
            }
        }
    }

    /** The file's JSON text, with the users of every instance; instances need distinct client ids and users. */
    public static String json(String lab, List<Instance> instances, Optional<String> sharedGroup,
                              SecureRandom random) {
        Set<String> clientIds = new HashSet<>();
        Set<String> users = new HashSet<>();
        for (Instance instance : instances) {
            if (!clientIds.add(instance.clientId())) {
                throw new IllegalArgumentException("two gateway instances with client id " + instance.clientId());
            }
            if (!users.add(instance.gateway().username()) || !users.add(instance.admin().username())) {
                throw new IllegalArgumentException("two users named alike among the gateway instances' users");
            }
        }
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode defaults = root.putObject("defaultACLAccess");
        defaults.put("publishClientSend", false).put("publishClientReceive", true).put("subscribe", false)
                .put("unsubscribe", true);
        ArrayNode clients = root.putArray("clients");
        for (Instance instance : instances) {
            client(clients.addObject(), instance.admin(), "fablab: manages the node users, for "
                    + instance.clientId(), ADMIN_ROLE, random);
            client(clients.addObject(), instance.gateway(), "fablab gateway " + instance.clientId(), GATEWAY_ROLE,
                    random).put("clientid", instance.clientId());
        }
        root.putArray("groups");
        ArrayNode roles = root.putArray("roles");
        ObjectNode adminRole = roles.addObject().put("rolename", ADMIN_ROLE);
        ArrayNode adminAcls = adminRole.putArray("acls");
        acl(adminAcls, "publishClientSend", CONTROL_TOPIC);
        acl(adminAcls, "publishClientReceive", CONTROL_TOPIC + "/response");
        acl(adminAcls, "subscribeLiteral", CONTROL_TOPIC + "/response");
        ObjectNode gatewayRole = roles.addObject().put("rolename", GATEWAY_ROLE);
        ArrayNode gatewayAcls = gatewayRole.putArray("acls");
        for (BrokerRule rule : BrokerRules.gateway(lab, sharedGroup)) {
            for (String type : aclTypes(rule)) {
                acl(gatewayAcls, type, rule.filter());
            }
        }
        return root.toPrettyString() + "\n";
    }

    /** The Dynamic Security ACL types that give one rule, for the plugin's {@code addRoleACL}. */
    public static List<String> aclTypes(BrokerRule rule) {
        boolean wildcard = rule.filter().contains("+") || rule.filter().contains("#");
        return switch (rule.access()) {
            case PUBLISH -> List.of("publishClientSend");
            case SUBSCRIBE -> List.of(wildcard ? "subscribePattern" : "subscribeLiteral");
        };
    }

    /** Mosquitto's hash of {@code password} with {@code salt}: PBKDF2-HMAC-SHA512, 64 bytes. */
    static byte[] hash(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 512)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this Java runtime", e);
        }
    }

    private static ObjectNode client(ObjectNode client, User user, String textName, String role,
                                     SecureRandom random) {
        byte[] salt = new byte[12];
        random.nextBytes(salt);
        client.put("username", user.username()).put("textName", textName)
                .put("password", Base64.getEncoder().encodeToString(hash(user.password(), salt, ITERATIONS)))
                .put("salt", Base64.getEncoder().encodeToString(salt)).put("iterations", ITERATIONS);
        client.putArray("roles").addObject().put("rolename", role);
        return client;
    }

    private static void acl(ArrayNode acls, String type, String topic) {
        acls.addObject().put("acltype", type).put("topic", topic).put("allow", true);
    }
}

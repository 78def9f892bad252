package org.fablab.gateway.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.fablab.gateway.adapter.http.TrustedProxies;
import org.fablab.gateway.service.NetworkService;
import org.fablab.protocol.Names;
import org.fablab.protocol.Topic;

/**
 * Builds a {@link GatewayConfig} from the defaults, one optional YAML file and environment variables,
 * in that order of precedence, and validates it. Every problem found is reported at once, each
 * naming its field, so an installer fixes a config in one go.
 */
public final class ConfigLoader {
    static final String ENV_PREFIX = "FABLAB_";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {
    }

    /** Everything a running gateway needs, its signing key and the lab pepper included. */
    public static GatewayConfig load(Optional<Path> file, Map<String, String> env) {
        return load(file, env, true);
    }

    /**
     * For the words that only read the database ({@code ledger verify}, {@code export}): only the store settings and
     * the time zone are checked, so an auditor is never handed the gateway's signing key or the lab pepper. The
     * other settings keep their defaults and must not be used.
     */
    public static GatewayConfig loadForReading(Optional<Path> file, Map<String, String> env) {
        return load(file, env, false);
    }

    private static GatewayConfig load(Optional<Path> file, Map<String, String> env, boolean gateway) {
        ObjectNode tree = defaults();
        List<String> problems = new ArrayList<>();
        file.ifPresent(path -> merge(tree, readFile(path), "", problems));
        applyEnvironment(tree, "", env);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        GatewayConfig config = bind(tree);
        problems.addAll(validateStore(config));
        if (gateway) {
            problems.addAll(validateGateway(config));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /**
     * The environment variable that overrides a dotted path such as {@code mqtt.embeddedPort}. Upper-cased in the
     * root locale: under a Turkish default locale {@code i} would become a dotted {@code İ}.
     */
    static String envName(String path) {
        return ENV_PREFIX + path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/gateway-defaults.yaml")) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("gateway-defaults.yaml is missing from the jar", e);
        }
    }

    private static JsonNode readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(List.of("config file " + path + " does not exist or is not a file"));
        }
        try {
            JsonNode node = YAML.readTree(path.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(List.of(path + ": the top level must be a mapping of settings"));
            }
            return node;
        } catch (IOException e) {
            throw new ConfigException(List.of(path + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
    }

    private static void merge(ObjectNode target, JsonNode source, String prefix, List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix + field.getKey();
            JsonNode existing = target.get(field.getKey());
            if (existing == null) {
                problems.add(path + ": unknown setting (known here: " + known(target) + ")");
            } else if (existing.isObject()) {
                if (field.getValue().isObject()) {
                    merge((ObjectNode) existing, field.getValue(), path + ".", problems);
                } else {
                    problems.add(path + ": must be a mapping with " + known((ObjectNode) existing));
                }
            } else if (existing.isArray()) {
                target.set(field.getKey(), field.getValue().isNull() ? YAML.createArrayNode()
                        : field.getValue().isArray() ? field.getValue() : YAML.createArrayNode().add(field.getValue()));
            } else {
                target.set(field.getKey(), field.getValue().isNull() ? TextNode.valueOf("") : field.getValue());
            }
        }
    }

    private static String known(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static void applyEnvironment(ObjectNode node, String prefix, Map<String, String> env) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String path = prefix + name;
            JsonNode child = node.get(name);
            if (child.isObject()) {
                applyEnvironment((ObjectNode) child, path + ".", env);
            } else if (child.isArray()) {
                String value = env.get(envName(path));
                if (value != null) {
                    ArrayNode list = node.putArray(name);
                    Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).forEach(list::add);
                }
            } else {
                String value = env.get(envName(path));
                if (value != null) {
                    node.set(name, TextNode.valueOf(value));
                }
            }
        }
    }

    private static GatewayConfig bind(ObjectNode tree) {
        try {
            return YAML.treeToValue(tree, GatewayConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(List.of(path(e) + ": " + rootMessage(e)));
        } catch (IOException e) {
            throw new ConfigException(List.of(rootMessage(e)));
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName()).collect(Collectors.joining("."));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static List<String> validateStore(GatewayConfig c) {
        List<String> problems = new ArrayList<>();
        try {
            ZoneId.of(c.timeZone());
        } catch (RuntimeException e) {
            problems.add("timeZone: '" + c.timeZone() + "' must be a time zone id such as Europe/Paris (env "
                    + envName("timeZone") + ")");
        }
        if (!c.store().url().startsWith("jdbc:sqlite:") && !c.store().url().startsWith("jdbc:postgresql:")) {
            problems.add("store.url: '" + c.store().url() + "' must start with jdbc:sqlite: or jdbc:postgresql:");
        }
        if (c.store().poolSize() < 1 || c.store().poolSize() > 64) {
            problems.add("store.poolSize: must be between 1 and 64, was " + c.store().poolSize());
        }
        return problems;
    }

    private static List<String> validateGateway(GatewayConfig c) {
        List<String> problems = new ArrayList<>();
        if (!Names.isId(c.lab())) {
            problems.add("lab: '" + c.lab() + "' must be set and match [a-z0-9][a-z0-9-]{0,62} (env " + envName("lab") + ")");
        }
        if (c.http().port() < 0 || c.http().port() > 65_535) {
            problems.add("http.port: must be a TCP port between 0 (any free port) and 65535, was " + c.http().port());
        }
        if (c.http().host().isBlank()) {
            problems.add("http.host: must be set, e.g. 127.0.0.1");
        }
        try {
            TrustedProxies.parse(c.http().trustedProxies());
        } catch (IllegalArgumentException e) {
            problems.add("http.trustedProxies: " + e.getMessage() + " (env " + envName("http.trustedProxies")
                    + ", comma-separated)");
        }
        if (c.mqtt().mode() == GatewayConfig.MqttMode.EXTERNAL && !c.mqtt().url().matches("(tcp|ssl)://.+:\\d+")) {
            problems.add("mqtt.url: '" + c.mqtt().url() + "' must look like tcp://host:1883 or ssl://host:8883 in external mode");
        }
        if (c.mqtt().mode() == GatewayConfig.MqttMode.EMBEDDED) {
            checkPort(problems, "mqtt.embeddedPort", c.mqtt().embeddedPort());
        }
        if (c.mqtt().mode() == GatewayConfig.MqttMode.EXTERNAL && c.mqtt().brokerAdmin() == GatewayConfig.BrokerAdmin.DYNSEC
                && (c.mqtt().adminUsername().isBlank() || c.mqtt().adminPassword().isBlank())) {
            problems.add("mqtt.adminUsername and mqtt.adminPassword: must be set with mqtt.brokerAdmin: dynsec (env "
                    + envName("mqtt.adminPassword") + " for the password)");
        }
        if (c.mqtt().clientId().isBlank() || c.mqtt().clientId().length() > 23) {
            problems.add("mqtt.clientId: must be 1 to 23 characters (MQTT 3.1.1)");
        }
        problems.addAll(TlsConfigCheck.problems(c));
        exactlyOne(problems, "keys.gatewayPrivateKey", c.keys().gatewayPrivateKey(), c.keys().gatewayPrivateKeyFile());
        exactlyOne(problems, "keys.labPepper", c.keys().labPepper(), c.keys().labPepperFile());
        if (c.network().pepper() != null && !c.network().pepper().isBlank()
                && GatewayConfig.Tls.isSet(c.network().pepperFile())) {
            problems.add("network.pepper and network.pepperFile: set one of them, not both");
        }
        if (c.network().visits() == null) {
            problems.add("network.visits: must be one of charged, included-in-plan, absorbed");
        }
        if (c.network().passValidity() == null || c.network().passValidity().compareTo(Duration.ofHours(1)) < 0
                || c.network().passValidity().compareTo(NetworkService.MAX_PASS_VALIDITY) > 0) {
            problems.add("network.passValidity: must be between PT1H and P7D, was " + c.network().passValidity());
        }
        if (Topic.RESERVED_LAB.equals(c.lab())) {
            problems.add("lab: '" + c.lab() + "' is reserved for messages between partner labs; choose another id");
        }
        if (!c.billing().siret().replace(" ", "").matches("(\\d{14})?")) {
            problems.add("billing.siret: '" + c.billing().siret() + "' must be the 14 digits of a SIRET, or empty (env "
                    + envName("billing.siret") + ")");
        }
        if (!c.billing().vatNumber().replace(" ", "").matches("([A-Z]{2}[0-9A-Z]{2,13})?")) {
            problems.add("billing.vatNumber: '" + c.billing().vatNumber() + "' must be a VAT number such as "
                    + "FR12345678901, or empty (env " + envName("billing.vatNumber") + ")");
        }
        // the report's CSV and PDF name and format the currency, so a code the JVM does not know is refused here
        if (c.billing().currency() == null || Currency.getAvailableCurrencies().stream()
                .noneMatch(known -> known.getCurrencyCode().equals(c.billing().currency()))) {
            problems.add("billing.currency: '" + c.billing().currency() + "' must be an ISO 4217 code such as EUR (env "
                    + envName("billing.currency") + ")");
        }
        if (c.report().regularMinDays() < 1) {
            problems.add("report.regularMinDays: must be at least 1, was " + c.report().regularMinDays());
        }
        if (c.report().smallCountThreshold() < 1) {
            problems.add("report.smallCountThreshold: must be at least 1 (1 shows every count), was "
                    + c.report().smallCountThreshold());
        }
        if (c.ingest().batchSize() < 1 || c.ingest().batchSize() > 10_000) {
            problems.add("ingest.batchSize: must be between 1 and 10000, was " + c.ingest().batchSize());
        }
        if (c.ingest().queueCapacity() < c.ingest().batchSize()) {
            problems.add("ingest.queueCapacity: must be at least ingest.batchSize");
        }
        if (c.ingest().maxFutureSkew().isNegative()) {
            problems.add("ingest.maxFutureSkew: must not be negative");
        }
        if (c.ingest().securityLogFullPerMinute() < 0 || c.ingest().securityLogFullPerMinute() > 10_000) {
            problems.add("ingest.securityLogFullPerMinute: must be between 0 and 10000, was "
                    + c.ingest().securityLogFullPerMinute());
        }
        if (c.ingest().securityLogRetention() == null || c.ingest().securityLogRetention().compareTo(
                Duration.ofHours(1)) < 0) {
            problems.add("ingest.securityLogRetention: must be at least one hour (PT1H), e.g. P90D");
        }
        String nodeBroker = c.enrollment().brokerUrl();
        if (nodeBroker != null && !nodeBroker.isBlank() && !nodeBroker.matches("(tcp|ssl)://.+:\\d+")) {
            problems.add("enrollment.brokerUrl: '" + nodeBroker + "' must look like ssl://host:8883 or tcp://host:1883");
        }
        c.enrollment().caCertificate().filter(path -> !Files.isReadable(path)).ifPresent(path -> problems.add(
                "enrollment.caCertificateFile: cannot read " + path));
        problems.addAll(validateMail(c.mail()));
        return problems;
    }

    private static List<String> validateMail(GatewayConfig.Mail mail) {
        List<String> problems = new ArrayList<>();
        String url = mail.publicUrl();
        if (!url.isBlank() && !url.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            problems.add("mail.publicUrl: '" + url + "' must look like https://fablab.example.org (env "
                    + envName("mail.publicUrl") + ")");
        }
        if (!mail.enabled()) {
            return problems;
        }
        checkPort(problems, "mail.port", mail.port());
        if (!mail.from().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            problems.add("mail.from: '" + mail.from() + "' must be the sender's address, e.g. fablab@example.org, "
                    + "when mail.host is set (env " + envName("mail.from") + ")");
        }
        if (url.isBlank()) {
            problems.add("mail.publicUrl: must be set when mail.host is, e.g. https://fablab.example.org: the links "
                    + "in a mail start with it (env " + envName("mail.publicUrl") + ")");
        }
        if (mail.username().isBlank() != mail.password().isEmpty()) {
            problems.add("mail.username and mail.password: give both or neither (env " + envName("mail.password")
                    + " for the password)");
        }
        return problems;
    }

    private static void checkPort(List<String> problems, String field, int port) {
        if (port < 1 || port > 65_535) {
            problems.add(field + ": must be a TCP port between 1 and 65535, was " + port);
        }
    }

    private static void exactlyOne(List<String> problems, String field, String inline, Path file) {
        boolean hasInline = inline != null && !inline.isBlank();
        boolean hasFile = file != null && !file.toString().isBlank();
        if (hasInline == hasFile) {
            problems.add(field + ": give either " + field + " or " + field + "File (env " + envName(field)
                    + " or " + envName(field + "File") + ")");
        }
    }
}

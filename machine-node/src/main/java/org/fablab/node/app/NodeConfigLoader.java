package org.fablab.node.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link NodeConfig} from one flat YAML file, then applies environment overrides: every key
 * {@code someKey} may be replaced by {@code FABLAB_NODE_SOME_KEY} (e.g. {@code FABLAB_NODE_BROKER_URL}).
 * Unknown keys are errors, so a typo never silently falls back to a default. Relative paths
 * ({@code dataDir}, {@code nodePrivateKeyFile}) are resolved against the config file's folder.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message starts with the field name.
 */
public final class NodeConfigLoader {
    public static final String ENV_PREFIX = "FABLAB_NODE_";
    static final List<String> KEYS = List.of("lab", "node", "brokerUrl", "brokerUsername", "brokerPassword",
            "nodePrivateKey", "nodePrivateKeyFile", "gatewayPublicKey", "labPepper", "dataDir", "gracePeriod",
            "maxSessionLength", "progressInterval", "reader", "relay");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private NodeConfigLoader() {
    }

    /** @param env environment variables, usually {@code System.getenv()} */
    public static NodeConfig load(Path file, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>(readYaml(file));
        for (String key : KEYS) {
            String override = env.get(envName(key));
            if (override != null) {
                values.put(key, override);
            }
        }
        Path base = file.toAbsolutePath().getParent();
        return new NodeConfig(
                values.get("lab"),
                values.get("node"),
                values.get("brokerUrl"),
                blankToNull(values.get("brokerUsername")),
                blankToNull(values.get("brokerPassword")),
                privateKey(values, base),
                values.get("gatewayPublicKey"),
                values.get("labPepper"),
                base.resolve(values.getOrDefault("dataDir", "data")),
                duration(values, "gracePeriod", NodeConfig.DEFAULT_GRACE_PERIOD),
                duration(values, "maxSessionLength", NodeConfig.DEFAULT_MAX_SESSION_LENGTH),
                duration(values, "progressInterval", NodeConfig.DEFAULT_PROGRESS_INTERVAL),
                HardwareKind.parse("reader", values.getOrDefault("reader", "simulated")),
                HardwareKind.parse("relay", values.getOrDefault("relay", "simulated")));
    }

    /** {@code brokerUrl} becomes {@code FABLAB_NODE_BROKER_URL}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> readYaml(Path file) {
        Object root;
        try {
            root = Files.size(file) == 0 ? Map.of() : YAML.readValue(file.toFile(), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config: " + file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("config: cannot read " + file + ": " + firstLine(e.getMessage()), e);
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("config: " + file + " must be a YAML mapping of key: value");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(key + ": unknown field; known fields are " + String.join(", ", KEYS));
            }
            Object value = entry.getValue();
            if (value instanceof Map || value instanceof List) {
                throw new IllegalArgumentException(key + ": must be a single value");
            }
            if (value != null) {
                values.put(key, String.valueOf(value));
            }
        }
        return values;
    }

    private static String privateKey(Map<String, String> values, Path base) {
        String inline = blankToNull(values.get("nodePrivateKey"));
        String file = blankToNull(values.get("nodePrivateKeyFile"));
        if (inline != null && file != null) {
            throw new IllegalArgumentException("nodePrivateKey: give nodePrivateKey or nodePrivateKeyFile, not both");
        }
        if (file == null) {
            return inline;
        }
        Path path = base.resolve(file);
        try {
            return Files.readString(path).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("nodePrivateKeyFile: cannot read " + path, e);
        }
    }

    /** Accepts ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 8h}, {@code 1d}. */
    static Duration duration(Map<String, String> values, String key, Duration fallback) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            return fallback;
        }
        Matcher m = SHORT_DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a duration (e.g. 30s, 15m, 8h or PT30S)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}

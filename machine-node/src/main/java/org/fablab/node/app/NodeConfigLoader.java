package org.fablab.node.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.fablab.node.adapter.pi4j.Polarity;
import org.fablab.node.domain.InterlockEffect;
import org.fablab.protocol.BrokerTransport;

/**
 * Reads a {@link NodeConfig} from one YAML file, then applies environment overrides. Sections
 * ({@code reader:}, {@code relay:}, {@code leds:}, {@code buzzer:}, {@code current:}) and the
 * {@code interlocks:} list are flattened to dotted keys ({@code relay.pin}, {@code interlocks.0.effect}); every
 * key may be replaced by {@code FABLAB_NODE_} + the key in upper snake case with dots as underscores
 * ({@code FABLAB_NODE_BROKER_URL}, {@code FABLAB_NODE_RELAY_PIN}, {@code FABLAB_NODE_INTERLOCKS_0_PIN}).
 * Unknown keys are errors, so a typo never silently falls back to a default. The secrets {@code nodePrivateKey},
 * {@code brokerPassword}, {@code labPepper} and {@code networkPepper} may each be given inline or as a file
 * ({@code nodePrivateKeyFile}, {@code brokerPasswordFile}, {@code labPepperFile}, {@code networkPepperFile}), as
 * {@code fablab-node enroll} writes them. Relative paths ({@code dataDir}, the secret files, {@code brokerCaFile},
 * {@code reader.device}) are resolved against the config file's folder.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message starts with the field name.
 */
public final class NodeConfigLoader {
    public static final String ENV_PREFIX = "FABLAB_NODE_";
    /** At most this many interlocks. */
    public static final int MAX_INTERLOCKS = 8;
    static final List<String> KEYS = List.of("lab", "node", "brokerUrl", "brokerUsername", "brokerPassword",
            "brokerPasswordFile", "nodePrivateKey", "nodePrivateKeyFile", "gatewayPublicKey", "labPepper",
            "labPepperFile", "networkPepper", "networkPepperFile", "dataDir", "gracePeriod",
            "maxSessionLength", "progressInterval", "idleAutoOff", "toCheckAfterUse", "hardware",
            "liveAuthTimeout", "alwaysAskLive", "brokerCaFile", "brokerPlainOnNetwork",
            "reader.kind", "reader.port", "reader.device", "reader.spiChannel", "reader.i2cBus", "reader.i2cAddress",
            "reader.resetPin", "reader.debounce", "reader.pollInterval",
            "relay.pin", "relay.polarity", "relay.feedbackPin", "relay.feedbackPolarity",
            "leds.green", "leds.yellow", "leds.red", "leds.polarity", "buzzer.pin", "buzzer.polarity",
            "current.kind", "current.pin", "current.polarity", "current.i2cBus", "current.address", "current.channel",
            "current.ampsPerVolt", "current.thresholdAmps", "current.mainsVolts");
    static final List<String> INTERLOCK_KEYS = List.of("name", "pin", "polarity", "effect");
    private static final Pattern INTERLOCK_KEY = Pattern.compile("interlocks\\.(\\d+)\\.([a-zA-Z]+)");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private NodeConfigLoader() {
    }

    /** @param env environment variables, usually {@code System.getenv()} */
    public static NodeConfig load(Path file, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>(readYaml(file));
        for (String key : allKeys()) {
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
                inlineOrFile(values, base, "brokerPassword"),
                inlineOrFile(values, base, "nodePrivateKey"),
                values.get("gatewayPublicKey"),
                inlineOrFile(values, base, "labPepper"),
                base.resolve(values.getOrDefault("dataDir", "data")),
                duration(values, "gracePeriod", NodeConfig.DEFAULT_GRACE_PERIOD),
                duration(values, "maxSessionLength", NodeConfig.DEFAULT_MAX_SESSION_LENGTH),
                duration(values, "progressInterval", NodeConfig.DEFAULT_PROGRESS_INTERVAL),
                duration(values, "idleAutoOff", Duration.ZERO),
                bool(values, "toCheckAfterUse"),
                hardware(values, base),
                duration(values, "liveAuthTimeout", NodeConfig.DEFAULT_LIVE_AUTH_TIMEOUT),
                bool(values, "alwaysAskLive"),
                caFile(values, base),
                bool(values, "brokerPlainOnNetwork"),
                inlineOrFile(values, base, "networkPepper"));
    }

    /** {@code brokerUrl} becomes {@code FABLAB_NODE_BROKER_URL}, {@code relay.pin} {@code FABLAB_NODE_RELAY_PIN}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static List<String> allKeys() {
        List<String> keys = new ArrayList<>(KEYS);
        for (int i = 0; i < MAX_INTERLOCKS; i++) {
            for (String field : INTERLOCK_KEYS) {
                keys.add("interlocks." + i + "." + field);
            }
        }
        return keys;
    }

    private static HardwareConfig hardware(Map<String, String> values, Path base) {
        HardwareKind kind = choice(values, "hardware", HardwareKind.values(), HardwareKind::wire,
                HardwareKind.SIMULATED);
        HardwareConfig.Reader reader = reader(values, base);
        List<HardwareConfig.Interlock> interlocks = new ArrayList<>();
        for (int i = 0; i < MAX_INTERLOCKS; i++) {
            String prefix = "interlocks." + i + ".";
            if (INTERLOCK_KEYS.stream().noneMatch(k -> values.containsKey(prefix + k))) {
                continue;
            }
            if (i != interlocks.size()) {
                throw new IllegalArgumentException(prefix + "name: interlocks must be numbered from 0 without gaps");
            }
            String name = values.get(prefix + "name");
            HardwareConfig.Pin pin = requiredPin(values, prefix + "pin", prefix + "polarity");
            InterlockEffect effect = choice(values, prefix + "effect", InterlockEffect.values(),
                    InterlockEffect::wire, null);
            if (effect == null) {
                throw new IllegalArgumentException(prefix + "effect: is missing (refuse-start, stop-session or "
                        + "block-machine)");
            }
            interlocks.add(prefixed(prefix, () -> new HardwareConfig.Interlock(name, pin, effect)));
        }
        return new HardwareConfig(kind, reader,
                pin(values, "relay.pin", "relay.polarity"),
                pin(values, "relay.feedbackPin", "relay.feedbackPolarity"),
                pin(values, "leds.green", "leds.polarity"),
                pin(values, "leds.yellow", "leds.polarity"),
                pin(values, "leds.red", "leds.polarity"),
                pin(values, "buzzer.pin", "buzzer.polarity"),
                interlocks,
                current(values));
    }

    private static HardwareConfig.Reader reader(Map<String, String> values, Path base) {
        ReaderKind kind = choice(values, "reader.kind", ReaderKind.values(), ReaderKind::wire, ReaderKind.SIMULATED);
        String device = blankToNull(values.get("reader.device"));
        return new HardwareConfig.Reader(kind,
                values.getOrDefault("reader.port", kind.isSerial() ? HardwareConfig.Reader.DEFAULT_PORT : null),
                device == null ? null : base.resolve(device),
                integer(values, "reader.spiChannel", 0),
                integer(values, "reader.i2cBus", 1),
                integer(values, "reader.i2cAddress", HardwareConfig.Reader.DEFAULT_PN532_ADDRESS),
                blankToNull(values.get("reader.resetPin")) == null ? null : integer(values, "reader.resetPin", 0),
                duration(values, "reader.debounce", HardwareConfig.Reader.DEFAULT_DEBOUNCE),
                duration(values, "reader.pollInterval", HardwareConfig.Reader.DEFAULT_POLL_INTERVAL));
    }

    private static HardwareConfig.CurrentSensing current(Map<String, String> values) {
        String kind = values.getOrDefault("current.kind", "none").trim();
        return switch (kind) {
            case "none" -> new HardwareConfig.CurrentSensing.None();
            case "gpio" -> new HardwareConfig.CurrentSensing.Gpio(requiredPin(values, "current.pin",
                    "current.polarity"));
            case "ads1115" -> new HardwareConfig.CurrentSensing.Ads1115(
                    integer(values, "current.i2cBus", 1),
                    integer(values, "current.address", 0x48),
                    integer(values, "current.channel", 0),
                    decimal(values, "current.ampsPerVolt"),
                    decimal(values, "current.thresholdAmps"),
                    blankToNull(values.get("current.mainsVolts")) == null ? 230.0
                            : decimal(values, "current.mainsVolts"));
            default -> throw new IllegalArgumentException("current.kind: '" + kind
                    + "' is not one of: none, gpio, ads1115");
        };
    }

    private static HardwareConfig.Pin requiredPin(Map<String, String> values, String pinKey, String polarityKey) {
        HardwareConfig.Pin pin = pin(values, pinKey, polarityKey);
        if (pin == null) {
            throw new IllegalArgumentException(pinKey + ": is missing");
        }
        return pin;
    }

    /** The pin at {@code pinKey} with the polarity at {@code polarityKey} (default active-high), or null. */
    private static HardwareConfig.Pin pin(Map<String, String> values, String pinKey, String polarityKey) {
        if (blankToNull(values.get(pinKey)) == null) {
            return null;
        }
        int bcm = integer(values, pinKey, 0);
        Polarity polarity = choice(values, polarityKey, Polarity.values(), Polarity::wire, Polarity.ACTIVE_HIGH);
        return prefixed(pinKey + ": ", () -> new HardwareConfig.Pin(bcm, polarity));
    }

    private static <T> T prefixed(String prefix, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + e.getMessage(), e);
        }
    }

    private static <E> E choice(Map<String, String> values, String key, E[] options, Function<E, String> wire,
                                E fallback) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            return fallback;
        }
        for (E option : options) {
            if (wire.apply(option).equals(text.trim())) {
                return option;
            }
        }
        throw new IllegalArgumentException(key + ": '" + text + "' is not one of: "
                + Arrays.stream(options).map(wire).collect(Collectors.joining(", ")));
    }

    /** Decimal, or hex with {@code 0x} (I2C addresses). */
    private static int integer(Map<String, String> values, String key, int fallback) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            return fallback;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            return t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a whole number (e.g. 17 or 0x48)");
        }
    }

    private static double decimal(Map<String, String> values, String key) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            throw new IllegalArgumentException(key + ": is missing");
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a number");
        }
    }

    private static boolean bool(Map<String, String> values, String key) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            return false;
        }
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + text + "' must be true or false");
        };
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
        flatten("", map, values);
        return values;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> into) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> section) {
                flatten(key + ".", section, into);
            } else if (value instanceof List<?> list && key.equals("interlocks")) {
                if (list.size() > MAX_INTERLOCKS) {
                    throw new IllegalArgumentException("interlocks: at most " + MAX_INTERLOCKS + ", found "
                            + list.size());
                }
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i) instanceof Map<?, ?> item)) {
                        throw new IllegalArgumentException("interlocks." + i + ": must be a mapping of "
                                + String.join(", ", INTERLOCK_KEYS));
                    }
                    flatten(key + "." + i + ".", item, into);
                }
            } else if (value instanceof List) {
                throw new IllegalArgumentException(key + ": must be a single value");
            } else {
                requireKnown(key);
                if (value != null) {
                    into.put(key, String.valueOf(value));
                }
            }
        }
    }

    private static void requireKnown(String key) {
        Matcher interlock = INTERLOCK_KEY.matcher(key);
        if (KEYS.contains(key) || (interlock.matches() && INTERLOCK_KEYS.contains(interlock.group(2)))) {
            return;
        }
        throw new IllegalArgumentException(key + ": unknown field; known fields are " + String.join(", ", KEYS)
                + ", interlocks[].{" + String.join(", ", INTERLOCK_KEYS) + "}");
    }

    /**
     * A secret given inline as {@code key} or as a file named by {@code keyFile} (relative to the config's folder),
     * whose content is trimmed; null when neither is set.
     */
    private static String inlineOrFile(Map<String, String> values, Path base, String key) {
        String inline = blankToNull(values.get(key));
        String file = blankToNull(values.get(key + "File"));
        if (inline != null && file != null) {
            throw new IllegalArgumentException(key + ": give " + key + " or " + key + "File, not both");
        }
        if (file == null) {
            return inline;
        }
        Path path = base.resolve(file);
        try {
            return Files.readString(path).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException(key + "File: cannot read " + path, e);
        }
    }

    /** The lab CA file, resolved against the config's folder and read once here so that {@code --check} finds a bad one. */
    private static Path caFile(Map<String, String> values, Path base) {
        String file = blankToNull(values.get("brokerCaFile"));
        if (file == null) {
            return null;
        }
        Path path = base.resolve(file);
        prefixed("brokerCaFile: ", () -> BrokerTransport.trusting(path));
        return path;
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

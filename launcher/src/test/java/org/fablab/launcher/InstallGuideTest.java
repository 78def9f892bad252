package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fablab.gateway.app.ConfigException;
import org.fablab.gateway.app.ConfigLoader;
import org.fablab.gateway.app.GatewayCli;
import org.fablab.node.app.NodeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * docs/install.md is a list of things an installer types: every {@code fablab} and {@code fablab-node} command line
 * of its code blocks must be one the programs accept, and every gateway setting it names one the gateway knows.
 * Commands are parsed, not run; the values in them (paths, TOKEN) are only option values.
 */
class InstallGuideTest {
    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");
    /** Marks a YAML block of the guide as (part of) the gateway's config. */
    private static final String GATEWAY_YAML = "# /etc/fablab/gateway.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    @Test
    void everyCommandLineOfTheGuide_isParsedByItsProgram() {
        List<String> lines = commandLines(guide());
        List<String> checked = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String line : lines) {
            Optional<Supplier<CommandLine>> program = program(words(line));
            if (program.isEmpty()) {
                continue;
            }
            List<String> args = arguments(words(line));
            checked.add(line);
            try {
                ParseResult parsed = program.get().get().parseArgs(args.toArray(String[]::new));
                Object leaf = deepest(parsed).commandSpec().userObject();
                if (!(leaf instanceof Callable<?> || leaf instanceof Runnable)) {
                    refused.add(line + "\n    names a group of words, not one that runs");
                }
            } catch (CommandLine.ParameterException e) {
                refused.add(line + "\n    " + e.getMessage());
            }
        }
        assertThat(refused).as("command lines of docs/install.md that the programs refuse").isEmpty();
        assertThat(checked).as("the guide's commands were found")
                .anyMatch(line -> line.contains("fablab admin create"))
                .anyMatch(line -> line.contains("fablab provision ca"))
                .anyMatch(line -> line.contains("fablab-gateway.jar provision mosquitto"))
                .anyMatch(line -> line.contains("fablab provision node"))
                .anyMatch(line -> line.contains("fablab-node enroll"))
                .anyMatch(line -> line.contains("fablab-node rotate-key"))
                .anyMatch(line -> line.contains("fablab backup"));
    }

    @Test
    void everyGatewayYamlBlock_loadsAsAGatewayConfig() throws IOException {
        List<String> blocks = blocks(guide(), "yaml").stream().filter(block -> block.startsWith(GATEWAY_YAML)).toList();
        assertThat(blocks).as("gateway config blocks, marked '" + GATEWAY_YAML + "'").hasSizeGreaterThanOrEqualTo(2);
        for (String block : blocks) {
            Path file = dir.resolve("gateway.yaml");
            Files.writeString(file, block);
            try {
                ConfigLoader.loadForReading(Optional.of(file), Map.of());
            } catch (ConfigException e) {
                throw new AssertionError("a gateway config of docs/install.md is refused: " + e.problems()
                        + "\n" + block, e);
            }
        }
    }

    @Test
    void everyGatewaySettingNamedInTheText_isAKeyOfTheDefaults() {
        Set<String> known = new TreeSet<>();
        JsonNode defaults = defaults();
        leaves(defaults, "", known);
        Set<String> sections = new TreeSet<>();
        defaults.fieldNames().forEachRemaining(name -> {
            if (defaults.get(name).isObject()) {
                sections.add(name);
            }
        });
        Pattern setting = Pattern.compile("^(" + String.join("|", sections) + ")\\.[A-Za-z.]+?(?=$|:|\\.\\*$)");
        List<String> unknown = new ArrayList<>();
        Matcher code = INLINE_CODE.matcher(prose(guide()));
        int named = 0;
        while (code.find()) {
            Matcher key = setting.matcher(code.group(1));
            if (key.find()) {
                named++;
                String name = key.group();
                boolean isKey = known.contains(name) || known.stream().anyMatch(k -> k.startsWith(name + "."));
                if (!isKey) {
                    unknown.add(name);
                }
            }
        }
        assertThat(named).as("settings named in the text").isGreaterThan(3);
        assertThat(unknown).as("settings named in docs/install.md that gateway-defaults.yaml does not have").isEmpty();
    }

    /** Which program a command line runs, or empty for other programs (apt, curl, systemctl). */
    private static Optional<Supplier<CommandLine>> program(List<String> words) {
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String first = words.get(0);
        if (first.equals("./fablab")) {
            return Optional.of(FablabCli::commandLine);
        }
        if (first.equals("fablab") || isJar(words, "fablab-gateway.jar")) {
            return Optional.of(() -> GatewayCli.commandLine(new GatewayJar()));
        }
        if (first.equals("fablab-node") || isJar(words, "fablab-node.jar")) {
            return Optional.of(() -> new CommandLine(new NodeCommand()));
        }
        return Optional.empty();
    }

    private static boolean isJar(List<String> words, String jar) {
        return words.size() > 2 && words.get(0).equals("java") && words.get(1).equals("-jar")
                && words.get(2).endsWith("/" + jar);
    }

    private static List<String> arguments(List<String> words) {
        return words.subList(words.get(0).equals("java") ? 3 : 1, words.size());
    }

    private static ParseResult deepest(ParseResult parsed) {
        return parsed.hasSubcommand() ? deepest(parsed.subcommand()) : parsed;
    }

    /** The words of a shell line, quotes removed, {@code sudo} and a trailing comment dropped. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words.isEmpty() || !words.get(0).equals("sudo") ? words : words.subList(1, words.size());
    }

    /** The lines of the shell blocks, continuation lines joined. */
    private static List<String> commandLines(String guide) {
        List<String> lines = new ArrayList<>();
        for (String block : blocks(guide, "sh")) {
            StringBuilder line = new StringBuilder();
            for (String part : block.split("\n")) {
                if (part.endsWith("\\")) {
                    line.append(part, 0, part.length() - 1).append(' ');
                } else {
                    lines.add(line.append(part).toString().strip());
                    line.setLength(0);
                }
            }
        }
        return lines;
    }

    /** The text of every fenced block whose info string is {@code language}. */
    private static List<String> blocks(String guide, String language) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        boolean wanted = false;
        for (String line : guide.split("\n")) {
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                if (block == null) {
                    block = new StringBuilder();
                    wanted = fence.group(1).equals(language);
                } else {
                    if (wanted) {
                        blocks.add(block.toString());
                    }
                    block = null;
                }
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** The guide without its fenced blocks, whose fences would pair with the backticks of inline code. */
    private static String prose(String guide) {
        StringBuilder prose = new StringBuilder();
        boolean inBlock = false;
        for (String line : guide.split("\n")) {
            if (FENCE.matcher(line).matches()) {
                inBlock = !inBlock;
            } else if (!inBlock) {
                prose.append(line).append('\n');
            }
        }
        return prose.toString();
    }

    private static void leaves(JsonNode node, String prefix, Set<String> into) {
        node.fields().forEachRemaining(field -> {
            String path = prefix + field.getKey();
            if (field.getValue().isObject()) {
                leaves(field.getValue(), path + ".", into);
            } else {
                into.add(path);
            }
        });
    }

    private static JsonNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/gateway-defaults.yaml")) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String guide() {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null && !Files.isRegularFile(folder.resolve("docs/install.md"))) {
            folder = folder.getParent();
        }
        assertThat(folder).as("docs/install.md above " + Path.of("").toAbsolutePath()).isNotNull();
        try {
            return Files.readString(folder.resolve("docs/install.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The top command of {@code fablab-gateway.jar} and of the package's {@code fablab}: the gateway's words only. */
    @Command(name = "fablab")
    static final class GatewayJar {
    }
}

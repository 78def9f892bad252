package org.fablab.node.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeConfigLoaderTest {
    @TempDir
    Path dir;

    static Path example() throws URISyntaxException {
        return Path.of(NodeConfigLoaderTest.class.getResource("/node-example.yaml").toURI());
    }

    @Test
    void exampleFile_loadsWithEveryField() throws Exception {
        NodeConfig config = NodeConfigLoader.load(example(), Map.of());

        assertThat(config.lab()).isEqualTo("demo-lab");
        assertThat(config.node()).isEqualTo("laser-1");
        assertThat(config.brokerUrl()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(config.brokerUsername()).isEqualTo("laser-1");
        assertThat(config.brokerPassword()).isEqualTo("change-me");
        assertThat(config.dataDir()).isEqualTo(example().getParent().resolve("data/laser-1"));
        assertThat(config.gracePeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxSessionLength()).isEqualTo(Duration.ofHours(8));
        assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.reader()).isEqualTo(HardwareKind.SIMULATED);
        assertThat(config.labPepperBytes()).hasSize(32);
    }

    @Test
    void toString_leavesSecretsOut() throws Exception {
        String text = NodeConfigLoader.load(example(), Map.of()).toString();

        assertThat(text).contains("laser-1").doesNotContain("change-me").doesNotContain("AgICAgIC")
                .doesNotContain("000102030405");
    }

    @Test
    void environment_overridesTheFile() throws Exception {
        NodeConfig config = NodeConfigLoader.load(example(), Map.of(
                "FABLAB_NODE_BROKER_URL", "tcp://broker.lab:1884",
                "FABLAB_NODE_GRACE_PERIOD", "PT5S",
                "FABLAB_NODE_NODE", "printer-2"));

        assertThat(config.brokerUrl()).isEqualTo("tcp://broker.lab:1884");
        assertThat(config.gracePeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.node()).isEqualTo("printer-2");
    }

    @Test
    void envName_isUpperSnakeWithPrefix() {
        assertThat(NodeConfigLoader.envName("brokerUrl")).isEqualTo("FABLAB_NODE_BROKER_URL");
        assertThat(NodeConfigLoader.envName("lab")).isEqualTo("FABLAB_NODE_LAB");
    }

    @Test
    void privateKeyFile_isReadRelativeToTheConfig() throws Exception {
        Files.writeString(dir.resolve("node.key"), "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=\n");
        Path file = write(exampleText().replaceAll("(?m)^nodePrivateKey:.*$", "nodePrivateKeyFile: node.key"));

        NodeConfig config = NodeConfigLoader.load(file, Map.of());

        assertThat(config.nodePrivateKey()).isEqualTo("AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=");
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("lab: demo-lab", "lab: Demo Lab", "lab:"),
                Arguments.of("node: laser-1", "", "node:"),
                Arguments.of("brokerUrl: tcp://127.0.0.1:1883", "brokerUrl: http//nowhere", "brokerUrl:"),
                Arguments.of("nodePrivateKey: AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=", "nodePrivateKey: abc",
                        "nodePrivateKey:"),
                Arguments.of("gatewayPublicKey: iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=", "gatewayPublicKey: not-base64!",
                        "gatewayPublicKey:"),
                Arguments.of("labPepper: 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                        "labPepper: 0001", "labPepper:"),
                Arguments.of("gracePeriod: 30s", "gracePeriod: soon", "gracePeriod:"),
                Arguments.of("maxSessionLength: 8h", "maxSessionLength: 0s", "maxSessionLength:"),
                Arguments.of("progressInterval: 60s", "progressInterval: -PT1S", "progressInterval:"),
                Arguments.of("reader: simulated", "reader: pn532", "reader:"),
                Arguments.of("relay: simulated", "relay: simulated\ncolour: blue", "colour:"),
                Arguments.of("brokerUsername: laser-1", "", "brokerPassword:"),
                Arguments.of("nodePrivateKey: AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=",
                        "nodePrivateKey: AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=\nnodePrivateKeyFile: k",
                        "nodePrivateKey:"));
    }

    @ParameterizedTest(name = "{2} {1}")
    @MethodSource("badFields")
    void load_badField_failsNamingTheField(String line, String replacement, String expectedPrefix) throws Exception {
        Path file = write(exampleText().replace(line, replacement));

        assertThatThrownBy(() -> NodeConfigLoader.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(expectedPrefix);
    }

    @Test
    void load_missingFile_failsNamingTheFile() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> NodeConfigLoader.load(missing, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("config: cannot read " + missing);
    }

    @Test
    void load_invalidYaml_failsNamingTheFileAndLine() throws Exception {
        Path file = write("lab: demo-lab\nnode: [unclosed\n");

        assertThatThrownBy(() -> NodeConfigLoader.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("config: " + file + " is not valid YAML")
                .hasMessageContaining("line");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String exampleText() throws Exception {
        return Files.readString(example());
    }
}

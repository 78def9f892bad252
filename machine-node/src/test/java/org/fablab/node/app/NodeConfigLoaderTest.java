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
import org.fablab.node.adapter.pi4j.Polarity;
import org.fablab.node.domain.InterlockEffect;
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
        assertThat(config.hardware()).isEqualTo(HardwareConfig.simulated());
        assertThat(config.idleAutoOff()).isZero();
        assertThat(config.toCheckAfterUse()).isFalse();
        assertThat(config.liveAuthTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.alwaysAskLive()).isFalse();
        assertThat(config.labPepperBytes()).hasSize(32);
    }

    /** The example configs under firmware-config/examples (tests run in the module's folder). */
    static Path machineExample(String name) {
        return Path.of("..", "firmware-config", "examples", name).toAbsolutePath().normalize();
    }

    @Test
    void laserCutterExample_loadsItsHardware() {
        NodeConfig config = NodeConfigLoader.load(machineExample("laser-cutter.yaml"), Map.of());
        HardwareConfig hw = config.hardware();

        assertThat(config.gracePeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.idleAutoOff()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.liveAuthTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.alwaysAskLive()).isTrue();
        assertThat(hw.kind()).isEqualTo(HardwareKind.PI4J);
        assertThat(hw.reader().kind()).isEqualTo(ReaderKind.RC522_SPI);
        assertThat(hw.reader().resetPin()).isEqualTo(25);
        assertThat(hw.relay()).isEqualTo(new HardwareConfig.Pin(17, Polarity.ACTIVE_LOW));
        assertThat(hw.relayFeedback()).isEqualTo(new HardwareConfig.Pin(27, Polarity.ACTIVE_LOW));
        assertThat(hw.ledGreen()).isEqualTo(new HardwareConfig.Pin(5, Polarity.ACTIVE_HIGH));
        assertThat(hw.buzzer()).isEqualTo(new HardwareConfig.Pin(12, Polarity.ACTIVE_HIGH));
        assertThat(hw.interlocks()).containsExactly(
                new HardwareConfig.Interlock("extractor", new HardwareConfig.Pin(22, Polarity.ACTIVE_LOW),
                        InterlockEffect.STOP_SESSION),
                new HardwareConfig.Interlock("lid", new HardwareConfig.Pin(23, Polarity.ACTIVE_LOW),
                        InterlockEffect.REFUSE_START));
        assertThat(hw.current()).isEqualTo(new HardwareConfig.CurrentSensing.Ads1115(1, 0x48, 0, 30, 0.5, 230));
    }

    @Test
    void printerExample_loadsItsHardware() {
        NodeConfig config = NodeConfigLoader.load(machineExample("3d-printer.yaml"), Map.of());
        HardwareConfig hw = config.hardware();

        assertThat(config.maxSessionLength()).isEqualTo(Duration.ofDays(3));
        assertThat(config.idleAutoOff()).isZero();
        assertThat(config.toCheckAfterUse()).isTrue();
        assertThat(hw.reader().kind()).isEqualTo(ReaderKind.RDM6300_UART);
        assertThat(hw.reader().port()).isEqualTo("/dev/serial0");
        assertThat(hw.reader().debounce()).isEqualTo(Duration.ofSeconds(3));
        assertThat(hw.relay()).isEqualTo(new HardwareConfig.Pin(17, Polarity.ACTIVE_HIGH));
        assertThat(hw.relayFeedback()).isNull();
        assertThat(hw.interlocks()).isEmpty();
        assertThat(hw.current()).isEqualTo(new HardwareConfig.CurrentSensing.Gpio(
                new HardwareConfig.Pin(24, Polarity.ACTIVE_LOW)));
    }

    @Test
    void environment_overridesHardwareKeysAndInterlocks() {
        NodeConfig config = NodeConfigLoader.load(machineExample("laser-cutter.yaml"), Map.of(
                "FABLAB_NODE_HARDWARE", "pi4j-mock",
                "FABLAB_NODE_RELAY_PIN", "16",
                "FABLAB_NODE_RELAY_POLARITY", "active-high",
                "FABLAB_NODE_INTERLOCKS_1_EFFECT", "block-machine",
                "FABLAB_NODE_CURRENT_ADDRESS", "0x49"));

        assertThat(config.hardware().kind()).isEqualTo(HardwareKind.PI4J_MOCK);
        assertThat(config.hardware().relay()).isEqualTo(new HardwareConfig.Pin(16, Polarity.ACTIVE_HIGH));
        assertThat(config.hardware().interlocks().get(1).effect()).isEqualTo(InterlockEffect.BLOCK_MACHINE);
        assertThat(((HardwareConfig.CurrentSensing.Ads1115) config.hardware().current()).address()).isEqualTo(0x49);
    }

    static Stream<Arguments> badHardwareFields() {
        return Stream.of(
                Arguments.of("  pin: 17\n  polarity: active-low ", "  pin: 17\n  polarity: upside-down",
                        "relay.polarity:"),
                Arguments.of("  pin: 17", "  pin: 40", "relay.pin:"),
                Arguments.of("  pin: 17", "  pin: 12", "buzzer.pin: GPIO 12 is already used by relay.pin"),
                Arguments.of("  feedbackPin: 27 ", "  feedbackPin: twenty ", "relay.feedbackPin:"),
                Arguments.of("  green: 5", "  green: 22", "interlocks.0.pin: GPIO 22 is already used by leds.green"),
                Arguments.of("    effect: stop-session", "    effect: shout", "interlocks.0.effect:"),
                Arguments.of("  - name: lid ", "  - name: extractor ", "interlocks.1.name:"),
                Arguments.of("  - name: lid ", "  - name: Lid! ", "interlocks.1.name:"),
                Arguments.of("    polarity: active-low\n    effect: refuse-start",
                        "    polarity: active-low", "interlocks.1.effect:"),
                Arguments.of("  kind: rc522-spi ", "  kind: nfc ", "reader.kind:"),
                Arguments.of("  spiChannel: 0", "  spiChannel: 2", "reader.spiChannel:"),
                Arguments.of("  kind: ads1115 ", "  kind: hall ", "current.kind:"),
                Arguments.of("  address: 0x48", "  address: 0x20", "current.address:"),
                Arguments.of("  channel: 0", "  channel: 4", "current.channel:"),
                Arguments.of("  thresholdAmps: 0.5", "  thresholdAmps: -1", "current.thresholdAmps:"),
                Arguments.of("  ampsPerVolt: 30", "  ampsPerVolt: lots", "current.ampsPerVolt:"),
                Arguments.of("relay:\n  pin: 17", "relay:\n  pinn: 17", "relay.pinn: unknown field"),
                Arguments.of("hardware: pi4j ", "hardware: simulated ", "reader.kind:"));
    }

    @ParameterizedTest(name = "{2} {1}")
    @MethodSource("badHardwareFields")
    void load_badHardwareField_failsNamingTheField(String line, String replacement, String expectedPrefix)
            throws Exception {
        String text = Files.readString(machineExample("laser-cutter.yaml")).replaceAll("(?m)[ \\t]+#.*$", " ");
        assertThat(text).contains(line);
        Path file = write(text.replaceFirst(java.util.regex.Pattern.quote(line), replacement));

        assertThatThrownBy(() -> NodeConfigLoader.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(expectedPrefix);
    }

    @Test
    void relayPin_isRequiredWithPi4j() throws Exception {
        Path file = write(exampleText().replace("hardware: simulated", "hardware: pi4j-mock"));

        assertThatThrownBy(() -> NodeConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith("relay.pin: is missing");
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
                "FABLAB_NODE_BROKER_URL", "ssl://broker.lab:8883",
                "FABLAB_NODE_GRACE_PERIOD", "PT5S",
                "FABLAB_NODE_NODE", "printer-2"));

        assertThat(config.brokerUrl()).isEqualTo("ssl://broker.lab:8883");
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

    @Test
    void plainMqtt_isRefusedOffLoopbackUnlessExplicitlyAllowed() throws Exception {
        Path file = write(exampleText().replace("brokerUrl: tcp://127.0.0.1:1883", "brokerUrl: tcp://192.168.1.10:1883"));

        assertThatThrownBy(() -> NodeConfigLoader.load(file, Map.of()))
                .hasMessage("brokerUrl: plain MQTT to 'tcp://192.168.1.10:1883' is refused: tcp:// is for loopback only; "
                        + "use ssl://host:8883 with brokerCaFile (docs/tls.md), or set brokerPlainOnNetwork: true on an "
                        + "isolated network");
        NodeConfig allowed = NodeConfigLoader.load(file, Map.of("FABLAB_NODE_BROKER_PLAIN_ON_NETWORK", "true"));
        assertThat(allowed.brokerPlainOnNetwork()).isTrue();
        assertThat(NodeConfigLoader.load(write(exampleText().replace("tcp://127.0.0.1:1883", "tcp://localhost:1883")),
                Map.of()).brokerUrl()).isEqualTo("tcp://localhost:1883");
    }

    @Test
    void brokerCaFile_isReadRelativeToTheConfigAndChecked() throws Exception {
        Files.copy(Path.of(getClass().getResource("/tls/lab-ca.pem").toURI()), dir.resolve("lab-ca.pem"));
        String tls = exampleText().replace("brokerUrl: tcp://127.0.0.1:1883", "brokerUrl: ssl://gw.lab.local:8883");

        NodeConfig config = NodeConfigLoader.load(write(tls + "\nbrokerCaFile: lab-ca.pem\n"), Map.of());

        assertThat(config.brokerCaFile()).isEqualTo(dir.resolve("lab-ca.pem"));
        Files.writeString(dir.resolve("junk.pem"), "junk");
        assertThatThrownBy(() -> NodeConfigLoader.load(write(tls + "\nbrokerCaFile: junk.pem\n"), Map.of()))
                .hasMessageStartingWith("brokerCaFile: " + dir.resolve("junk.pem") + " is not a PEM certificate");
        assertThatThrownBy(() -> NodeConfigLoader.load(write(tls + "\nbrokerCaFile: none.pem\n"), Map.of()))
                .hasMessageStartingWith("brokerCaFile: cannot read " + dir.resolve("none.pem"));
        assertThatThrownBy(() -> NodeConfigLoader.load(write(exampleText() + "\nbrokerCaFile: lab-ca.pem\n"), Map.of()))
                .hasMessageStartingWith("brokerCaFile: is set but brokerUrl 'tcp://127.0.0.1:1883' is plain MQTT");
    }

    @Test
    void brokerPasswordAndPepperFiles_areReadRelativeToTheConfig() throws Exception {
        Files.writeString(dir.resolve("broker.password"), "s3cret-pass\n");
        Files.writeString(dir.resolve("lab.pepper"), "000102030405060708090a0b0c0d0e0f\n");
        Path file = write(exampleText()
                .replaceAll("(?m)^brokerPassword:.*$", "brokerPasswordFile: broker.password")
                .replaceAll("(?m)^labPepper:.*$", "labPepperFile: lab.pepper"));

        NodeConfig config = NodeConfigLoader.load(file, Map.of());

        assertThat(config.brokerPassword()).isEqualTo("s3cret-pass");
        assertThat(config.labPepper()).isEqualTo("000102030405060708090a0b0c0d0e0f");
    }

    @Test
    void networkPepper_absent_leavesTheNodeInNoNetwork() throws Exception {
        assertThat(NodeConfigLoader.load(example(), Map.of()).networkPepperBytes()).isEmpty();
    }

    @Test
    void networkPepperFile_isReadRelativeToTheConfig() throws Exception {
        Files.writeString(dir.resolve("network.pepper"), "202122232425262728292a2b2c2d2e2f\n");
        Path file = write(exampleText() + "\nnetworkPepperFile: network.pepper\n");

        NodeConfig config = NodeConfigLoader.load(file, Map.of());

        assertThat(config.networkPepper()).isEqualTo("202122232425262728292a2b2c2d2e2f");
        assertThat(config.networkPepperBytes()).hasValueSatisfying(bytes -> assertThat(bytes).hasSize(16));
        assertThat(config.toString()).doesNotContain("202122232425262728292a2b2c2d2e2f").contains("inNetwork=true");
    }

    static Stream<Arguments> badNetworkPeppers() {
        return Stream.of(
                Arguments.of("networkPepper: '2021222324252627'",
                        "networkPepper: must be at least 16 bytes (32 hex digits)"),
                Arguments.of("networkPepper: not-a-hex-pepper-at-all", "networkPepper: must be hex digits"),
                Arguments.of("networkPepper: 000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
                        "networkPepper: must differ from labPepper"),
                Arguments.of("networkPepper: 202122232425262728292a2b2c2d2e2f\nnetworkPepperFile: network.pepper",
                        "networkPepper: give networkPepper or networkPepperFile, not both"),
                Arguments.of("networkPepperFile: missing.pepper", "networkPepperFile: cannot read"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNetworkPeppers")
    void load_badNetworkPepper_failsNamingItAndWhy(String line, String expectedMessage) throws Exception {
        Path file = write(exampleText() + "\n" + line + "\n");

        assertThatThrownBy(() -> NodeConfigLoader.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(expectedMessage);
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
                Arguments.of("hardware: simulated", "hardware: arduino", "hardware:"),
                Arguments.of("hardware: simulated", "hardware: simulated\ncolour: blue", "colour:"),
                Arguments.of("hardware: simulated", "hardware: simulated\nreader: {kind: pn532}", "reader.kind:"),
                Arguments.of("hardware: simulated", "hardware: simulated\nreader: {kind: rc522-spi}", "reader.kind:"),
                Arguments.of("hardware: simulated", "hardware: simulated\nrelay: {pin: 17}", "hardware:"),
                Arguments.of("hardware: simulated", "hardware: simulated\nidleAutoOff: 10m", "idleAutoOff:"),
                Arguments.of("hardware: simulated", "hardware: simulated\ntoCheckAfterUse: maybe", "toCheckAfterUse:"),
                Arguments.of("hardware: simulated", "hardware: simulated\nliveAuthTimeout: 0s", "liveAuthTimeout:"),
                Arguments.of("hardware: simulated", "hardware: simulated\nalwaysAskLive: sometimes", "alwaysAskLive:"),
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

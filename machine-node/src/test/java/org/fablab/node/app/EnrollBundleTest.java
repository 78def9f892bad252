package org.fablab.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fablab.protocol.Ed25519Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Installing an offline bundle on the node: the config it writes, with the hardware of an example. */
class EnrollBundleTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new NodeCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Makes this node's key pair in {@code etc} and the bundle the gateway would answer for it. */
    private Path bundle(Path etc, String brokerUrl, String caCertificate) throws Exception {
        return bundle(etc, brokerUrl, caCertificate, Map.of());
    }

    /** The same, with {@code extra} fields in the gateway's answer. */
    private Path bundle(Path etc, String brokerUrl, String caCertificate, Map<String, Object> extra)
            throws Exception {
        Path request = dir.resolve("request.json");
        assertThat(run("enroll", "--offline-request", request.toString(), "--dir", etc.toString())).isZero();
        String publicKey = new ObjectMapper().readTree(request.toFile()).get("publicKey").asText();
        Map<String, Object> grant = new LinkedHashMap<>();
        grant.put("lab", "my-lab");
        grant.put("nodeId", "laser-7");
        grant.put("machineId", "laser-1");
        grant.put("brokerUrl", brokerUrl);
        grant.put("mqttUsername", "laser-7");
        grant.put("mqttPassword", "pw-0123456789abcdef0123456789");
        grant.put("gatewayPublicKey", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()));
        grant.put("labPepper", "000102030405060708090a0b0c0d0e0f");
        grant.put("caCertificate", caCertificate);
        grant.put("fingerprint", Ed25519Keys.fingerprint(Ed25519Keys.publicKey(publicKey)));
        grant.putAll(extra);
        Path bundle = dir.resolve("bundle.json");
        new ObjectMapper().writeValue(bundle.toFile(), grant);
        return bundle;
    }

    private String labCa() throws Exception {
        return Files.readString(Path.of(getClass().getResource("/tls/lab-ca.pem").toURI()));
    }

    @Test
    void aBundleWithAnExamplesHardware_writesAConfigWithThosePinsAndTheGatewaysIdentity() throws Exception {
        Path etc = dir.resolve("etc");
        Path bundle = bundle(etc, "ssl://gateway.lab:8883", null);

        int code = run("enroll", "--bundle", bundle.toString(), "--dir", etc.toString(), "--data-dir", "data",
                "--hardware", NodeConfigLoaderTest.machineExample("laser-cutter.yaml").toString());

        assertThat(code).as(err.toString()).isZero();
        NodeConfig config = NodeConfigLoader.load(etc.resolve("node.yaml"), Map.of());
        assertThat(config.node()).isEqualTo("laser-7");
        assertThat(config.brokerPassword()).isEqualTo("pw-0123456789abcdef0123456789");
        assertThat(config.hardware().kind()).isEqualTo(HardwareKind.PI4J);
        assertThat(config.hardware().relay().bcm()).isEqualTo(17);
        assertThat(config.hardware().interlocks()).hasSize(2);
        assertThat(config.gracePeriod()).hasMinutes(1);
        assertThat(config.dataDir()).isEqualTo(etc.resolve("data").toAbsolutePath());
        assertThat(Files.readString(etc.resolve("node.yaml"))).doesNotContain("change-me")
                .doesNotContain("pw-0123456789abcdef0123456789").doesNotContain("HARDWARE: not set yet");
        assertThat(etc.resolve("ca.pem")).doesNotExist();
        assertThat(out.toString()).contains("enrolled: node laser-7 on machine laser-1 of lab my-lab");
    }

    @Test
    void aBundleWithTheLabCa_writesCaPemAndPinsItInTheConfig() throws Exception {
        Path etc = dir.resolve("etc");
        Path bundle = bundle(etc, "ssl://gateway.lab:8883", labCa());

        int code = run("enroll", "--bundle", bundle.toString(), "--dir", etc.toString(), "--data-dir", "data");

        assertThat(code).as(err.toString()).isZero();
        NodeConfig config = NodeConfigLoader.load(etc.resolve("node.yaml"), Map.of());
        assertThat(config.brokerCaFile()).isEqualTo(etc.resolve("ca.pem"));
        assertThat(out.toString()).contains("lab CA in " + etc.resolve("ca.pem"));
    }

    @Test
    void aBundleWithTheLabCaForAPlainLoopbackBroker_savesCaPemWithoutPinningIt() throws Exception {
        Path etc = dir.resolve("etc");
        Path bundle = bundle(etc, "tcp://127.0.0.1:1883", labCa());

        int code = run("enroll", "--bundle", bundle.toString(), "--dir", etc.toString(), "--data-dir", "data");

        assertThat(code).as(err.toString()).isZero();
        assertThat(NodeConfigLoader.load(etc.resolve("node.yaml"), Map.of()).brokerCaFile()).isNull();
        assertThat(etc.resolve("ca.pem")).exists();
    }

    @Test
    void aBundleWithANetworkPepper_writesItToItsOwnSecretFileNamedInTheConfig() throws Exception {
        Path etc = dir.resolve("etc");
        Path bundle = bundle(etc, "ssl://gateway.lab:8883", null,
                Map.of("networkPepper", "202122232425262728292a2b2c2d2e2f"));

        int code = run("enroll", "--bundle", bundle.toString(), "--dir", etc.toString(), "--data-dir", "data");

        assertThat(code).as(err.toString()).isZero();
        NodeConfig config = NodeConfigLoader.load(etc.resolve("node.yaml"), Map.of());
        assertThat(config.networkPepper()).isEqualTo("202122232425262728292a2b2c2d2e2f");
        assertThat(Files.getPosixFilePermissions(etc.resolve("network.pepper")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(etc.resolve("node.yaml"))).contains("networkPepperFile: network.pepper")
                .doesNotContain("202122232425262728292a2b2c2d2e2f");
    }

    @Test
    void aBundleWithoutANetworkPepper_leavesTheNodeInNoNetwork() throws Exception {
        Path etc = dir.resolve("etc");
        Path bundle = bundle(etc, "ssl://gateway.lab:8883", null);

        int code = run("enroll", "--bundle", bundle.toString(), "--dir", etc.toString(), "--data-dir", "data");

        assertThat(code).as(err.toString()).isZero();
        assertThat(NodeConfigLoader.load(etc.resolve("node.yaml"), Map.of()).networkPepper()).isNull();
        assertThat(etc.resolve("network.pepper")).doesNotExist();
    }
}

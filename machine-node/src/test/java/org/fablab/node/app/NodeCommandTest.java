package org.fablab.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class NodeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void check_validConfig_exitsZero() throws Exception {
        int code = run(Map.of(), "--config", NodeConfigLoaderTest.example().toString(), "--check");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("config ok").contains("node: laser-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"laser-cutter.yaml", "3d-printer.yaml"})
    void check_machineExamples_exitZero(String name) {
        int code = run(Map.of(), "--config", NodeConfigLoaderTest.machineExample(name).toString(), "--check");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("config ok");
    }

    @Test
    void check_badField_exitsNonZeroNamingIt() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(NodeConfigLoaderTest.example()).replace("lab: demo-lab", "lab: Demo!"));

        int code = run(Map.of(), "--config", bad.toString(), "--check");

        assertThat(code).isEqualTo(NodeCommand.INVALID_CONFIG);
        assertThat(err.toString()).contains("invalid config").contains("lab:");
    }

    @Test
    void check_badEnvironmentOverride_exitsNonZeroNamingTheField() throws Exception {
        int code = run(Map.of("FABLAB_NODE_PROGRESS_INTERVAL", "often"), "--config",
                NodeConfigLoaderTest.example().toString(), "--check");

        assertThat(code).isEqualTo(NodeCommand.INVALID_CONFIG);
        assertThat(err.toString()).contains("progressInterval:");
    }

    @Test
    void missingConfigOption_isAUsageError() {
        int code = run(Map.of());

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--config");
    }

    private int run(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new NodeCommand(env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}

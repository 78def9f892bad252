package org.fablab.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code enroll} says when it cannot proceed; the gateway side is in the launcher's tests. */
class EnrollCommandTest {
    @TempDir
    Path dir;
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new NodeCommand());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void anUnreachableGateway_exits3_andLeavesNoKeyBehind() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int code = run("enroll", "--gateway", "http://127.0.0.1:" + port, "--token", "abc", "--dir", dir.toString());

        assertThat(code).isEqualTo(EnrollCommand.UNREACHABLE);
        assertThat(err.toString()).contains("cannot connect to the gateway at http://127.0.0.1:" + port);
        assertThat(dir.resolve(NodeFiles.PRIVATE_KEY)).doesNotExist();
    }

    @Test
    void existingFiles_areNotOverwrittenWithoutForce_andTheGatewayIsNotAsked() throws Exception {
        Files.writeString(dir.resolve(NodeFiles.CONFIG), "lab: kept\n");

        int code = run("enroll", "--gateway", "http://127.0.0.1:1", "--token", "abc", "--dir", dir.toString());

        assertThat(code).isEqualTo(EnrollCommand.INVALID);
        assertThat(err.toString()).contains("refusing to overwrite").contains("--force");
        assertThat(dir.resolve(NodeFiles.CONFIG)).hasContent("lab: kept");
    }

    @Test
    void withoutAMode_orWithTwo_itSaysWhatToGive() {
        assertThat(run("enroll", "--dir", dir.toString())).isEqualTo(EnrollCommand.INVALID);
        assertThat(run("enroll", "--token", "abc", "--bundle", "b.json")).isEqualTo(EnrollCommand.INVALID);
        assertThat(run("enroll", "--gateway", "ftp://gw", "--token", "abc", "--dir", dir.toString()))
                .isEqualTo(EnrollCommand.INVALID);
        assertThat(err.toString()).contains("give --gateway URL --token TOKEN").contains("https://gateway.lab:8443");
    }

    @Test
    void theDefaultFolders_areThoseThePackagedUnitReadsAndWrites() throws Exception {
        CommandLine enroll = new CommandLine(new NodeCommand()).getSubcommands().get("enroll");
        String dirDefault = enroll.getCommandSpec().findOption("--dir").defaultValue();
        String dataDirDefault = enroll.getCommandSpec().findOption("--data-dir").defaultValue();
        String unit = Files.readString(Path.of("../firmware-config/systemd/fablab-node.service"));

        String config = dirDefault + "/" + NodeFiles.CONFIG;
        assertThat(unit).contains("--config " + config + "\n", "ConditionPathExists=" + config + "\n",
                "ReadWritePaths=" + dataDirDefault + "\n", "WorkingDirectory=" + dataDirDefault + "\n");
    }

    @Test
    void theNodeWithoutAWord_stillNeedsItsConfig() {
        assertThat(run()).isEqualTo(NodeCommand.INVALID_CONFIG);
        assertThat(err.toString()).contains("--config");
    }
}

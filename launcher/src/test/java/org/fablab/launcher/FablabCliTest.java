package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** The words of {@code fablab}: all listed by its help, one line each, and each answering {@code --help}. */
class FablabCliTest {

    @Test
    void theHelp_listsEveryRegisteredWord_onOneLineEach() {
        CommandLine cli = FablabCli.commandLine();
        List<String> listed = cli.getUsageMessage().lines().dropWhile(line -> !line.equals("Commands:")).skip(1)
                .toList();

        assertThat(cli.getSubcommands().keySet())
                .containsExactlyInAnyOrder("demo", "node", "gateway", "admin", "ledger", "export", "provision",
                        "backup", "restore", "report");
        assertThat(listed).as("one line per word").hasSameSizeAs(cli.getSubcommands().keySet());
        for (String word : cli.getSubcommands().keySet()) {
            assertThat(listed).as(word).anySatisfy(line -> assertThat(line).matches("  " + word + " +\\S.*"));
        }
    }

    @Test
    void everyWordAndEveryWordUnderIt_answersHelp_withExit0() {
        for (List<String> path : words(FablabCli.commandLine(), List.of())) {
            CommandLine cli = FablabCli.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            List<String> args = new ArrayList<>(path);
            args.add("--help");

            assertThat(cli.execute(args.toArray(String[]::new))).as(String.join(" ", args)).isZero();
            assertThat(out.toString()).as(String.join(" ", args)).contains("Usage: fablab " + String.join(" ", path));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void demoNetwork_withANodeConfig_isRefusedBeforeAnythingStarts() {
        CommandLine cli = FablabCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("demo", "--network", "--node-config", "node.yaml", "--data", "no-such-folder"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--network runs simulated nodes only: leave out --node-config");
        assertThat(Path.of("no-such-folder")).doesNotExist();
    }

    /** Every command below {@code cli}, as the words that reach it. */
    private static List<List<String>> words(CommandLine cli, List<String> above) {
        List<List<String>> paths = new ArrayList<>();
        cli.getSubcommands().forEach((name, sub) -> {
            List<String> path = new ArrayList<>(above);
            path.add(name);
            paths.add(path);
            paths.addAll(words(sub, path));
        });
        return paths;
    }
}

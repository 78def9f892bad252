package org.fablab.gateway.app;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The gateway's own command line, the entry point of {@code fablab-gateway.jar}: the server-side words only, so a
 * production gateway carries no node code. The launcher's {@code fablab} adds the demo and the node to these words.
 */
@Command(name = "fablab", mixinStandardHelpOptions = true,
        description = "Fablab machine access and usage billing: the gateway and its server-side words.")
public final class GatewayCli {
    GatewayCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(new GatewayCli()).execute(args));
    }

    /**
     * The command line with the gateway's words added after those {@code root} declares, and its error policy: a bad
     * configuration exits 2 with every problem listed, and so does a data folder another gateway holds; a start-up
     * failure (port taken, database unreachable) exits 1 with its reason, no stack trace.
     *
     * @param root the top command: a {@link GatewayCli}, or a launcher's that declares further words
     */
    public static CommandLine commandLine(Object root) {
        CommandLine commandLine = new CommandLine(root);
        for (Object word : List.of(new GatewayCommand(), new AdminCommand(), new LedgerCommand(), new ExportCommand(),
                new ProvisionCommand(), new BackupCommand(), new RestoreCommand(), new ReportCommand())) {
            commandLine.addSubcommand(word);
        }
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof DataFolderLock.InUse) {
                cmd.getErr().println(e.getMessage());
                return 2;
            }
            cmd.getErr().println("fablab " + cmd.getCommandName() + " failed: " + describe(e));
            return 1;
        });
        return commandLine;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append("\n  caused by: ").append(cause.getMessage());
            }
        }
        return text.toString();
    }
}

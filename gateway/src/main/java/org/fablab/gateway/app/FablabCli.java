package org.fablab.gateway.app;

import org.fablab.node.app.NodeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fablab} command line: one jar, one word per job. */
@Command(name = "fablab", mixinStandardHelpOptions = true,
        subcommands = {DemoCommand.class, GatewayCommand.class, NodeCommand.class, AdminCommand.class,
                LedgerCommand.class, ExportCommand.class},
        description = "Fablab machine access and usage billing.")
public final class FablabCli {
    private FablabCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error policy: a bad configuration exits 2 with every problem listed, and so does a
     * data folder another gateway holds; a start-up failure (port taken, database unreachable) exits 1 with its
     * reason, no stack trace.
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FablabCli());
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

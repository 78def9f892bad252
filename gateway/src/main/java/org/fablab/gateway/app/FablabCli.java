package org.fablab.gateway.app;

import org.fablab.node.app.NodeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fablab} command line: one jar, one word per job. */
@Command(name = "fablab", mixinStandardHelpOptions = true,
        subcommands = {DemoCommand.class, GatewayCommand.class, NodeCommand.class},
        description = "Fablab machine access and usage billing.")
public final class FablabCli {
    private FablabCli() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new FablabCli());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(commandLine.execute(args));
    }
}

package org.fablab.launcher;

import java.util.Arrays;
import org.fablab.gateway.app.GatewayCli;
import org.fablab.node.app.NodeCommand;
import org.fablab.node.app.NodeMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fablab} command line: one jar, one word per job. The gateway's words and their error policy come from
 * {@link GatewayCli}; this adds the demo lab and the machine node.
 */
@Command(name = "fablab", mixinStandardHelpOptions = true, subcommands = {DemoCommand.class, NodeCommand.class},
        description = "Fablab machine access and usage billing.")
public final class FablabCli {
    private static final String NODE = "node";

    private FablabCli() {
    }

    /**
     * {@code fablab node ...} is handed to the node jar's own entry point, before anything logs: it chooses the node's
     * logging configuration and stops the process on an uncaught error (which switches the relay off), exactly as
     * {@code fablab-node.jar} does.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(NODE)) {
            NodeMain.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            System.exit(commandLine().execute(args));
        }
    }

    static CommandLine commandLine() {
        return GatewayCli.commandLine(new FablabCli());
    }
}

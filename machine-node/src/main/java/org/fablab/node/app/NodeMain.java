package org.fablab.node.app;

import picocli.CommandLine;

/** Entry point of {@code fablab-node.jar}, and of {@code fablab node} in the launcher's jar. */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) {
        // Set before the first logger exists: the node jar's logging config has its own name so that it
        // never clashes with the logback.xml of a program embedding this module (the launcher's demo).
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "org/fablab/node/app/logback-node.xml");
        }
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            org.slf4j.LoggerFactory.getLogger(NodeMain.class)
                    .error("uncaught error, stopping [thread: {}]", thread.getName(), error);
            // Exiting runs the shutdown hook, which switches the relay off.
            System.exit(1);
        });
        System.exit(new CommandLine(new NodeCommand()).execute(args));
    }
}

package org.fablab.gateway.app;

import picocli.CommandLine.Command;

/** {@code fablab provision …}: what an installer runs once to put a lab, its broker and its nodes into service. */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Put a lab into service: certificates, broker, bridges, nodes.",
        subcommands = {ProvisionCaCommand.class, ProvisionMosquittoCommand.class, ProvisionBridgeCommand.class,
                ProvisionBridgeUserCommand.class, ProvisionNodeCommand.class})
final class ProvisionCommand {
}

package org.fablab.gateway.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fablab.protocol.network.NetworkTopic;
import org.fablab.provision.BridgeConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fablab provision bridge}: the {@code conf.d} section that makes this lab's Mosquitto bridge to a partner
 * lab's, over TLS, with the bridge user the partner made by {@code fablab provision bridge-user}. The section holds
 * that user's password, read from a file and never shown, so it is written mode 0640 (group {@code mosquitto} when
 * run as root: Mosquitto reads its configuration as root, and again as {@code mosquitto} when it reloads).
 */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = "Write the Mosquitto conf.d section bridging this lab's broker to a partner lab's.")
final class ProvisionBridgeCommand implements Callable<Integer> {
    static final Set<PosixFilePermission> OWNER_AND_GROUP = PosixFilePermissions.fromString("rw-r-----");

    @Spec
    CommandSpec spec;

    @Option(names = "--lab", required = true, description = "This lab's id, as in the gateway's config.")
    String lab;

    @Option(names = "--partner", required = true, description = "The partner lab's id.")
    String partner;

    @Option(names = "--address", required = true, description = "The partner broker's TLS listener, HOST:PORT, "
            + "with a HOST its certificate names.")
    String address;

    @Option(names = "--cafile", required = true, description = "The CA certificate (PEM) that signed the partner "
            + "broker's certificate: the partner's ca.pem from `fablab provision ca`.")
    Path caFile;

    @Option(names = "--certfile", description = "A client certificate (PEM), when the partner's broker asks for one.")
    Path certFile;

    @Option(names = "--keyfile", description = "Its private key (PEM), readable by the mosquitto user.")
    Path keyFile;

    @Option(names = "--username", description = "The bridge user on the partner's broker. "
            + "Default: fablab-bridge.<lab>.<partner>, as `fablab provision bridge-user` names it.")
    String username;

    @Option(names = "--password-file", required = true, description = "A file holding that user's password, as "
            + "`fablab provision bridge-user` wrote it on the partner's side.")
    Path passwordFile;

    @Option(names = "--out", required = true, description = "The conf.d file to write, "
            + "e.g. /etc/mosquitto/conf.d/fablab-bridge-<partner>.conf (mode 0640).")
    Path out;

    @Option(names = "--restart-timeout", description = "Seconds before the first reconnection after the link "
            + "fails. Default: ${DEFAULT-VALUE}.")
    int restartBase = 5;

    @Option(names = "--restart-timeout-max", description = "Longest wait in seconds between reconnections. "
            + "Default: ${DEFAULT-VALUE}.")
    int restartCap = 120;

    @Override
    public Integer call() throws IOException {
        BridgeConf conf = conf(password());
        SecretFiles.write(out, conf.text(), OWNER_AND_GROUP, true);
        giveToMosquittoGroup(out);
        spec.commandLine().getOut().printf("wrote %s (mode 0640: it holds the bridge user's password)%n"
                        + "lab %s's broker bridges to %s at %s:%d as %s, over TLS pinned to %s:%n"
                        + "  out: %s%n  in:  %s%n"
                        + "restart Mosquitto to start it (Mosquitto does not reload bridges)%n", out, lab, partner,
                conf.host(), conf.port(), conf.username(), caFile, NetworkTopic.fromTo(lab, partner),
                NetworkTopic.fromTo(partner, lab));
        return 0;
    }

    private BridgeConf conf(String password) {
        int colon = address.lastIndexOf(':');
        if (colon < 1 || !address.substring(colon + 1).matches("\\d{1,5}")) {
            throw new ParameterException(spec.commandLine(), "--address: '" + address + "' is not HOST:PORT");
        }
        Optional<BridgeConf.ClientCert> clientCert;
        if (certFile == null && keyFile == null) {
            clientCert = Optional.empty();
        } else if (certFile != null && keyFile != null) {
            clientCert = Optional.of(new BridgeConf.ClientCert(certFile.toAbsolutePath(), keyFile.toAbsolutePath()));
        } else {
            throw new ParameterException(spec.commandLine(), "--certfile and --keyfile go together");
        }
        try {
            return new BridgeConf(lab, partner, address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1)), caFile.toAbsolutePath(), clientCert,
                    username != null ? username : BridgeConf.clientId(lab, partner), password,
                    Duration.ofSeconds(restartBase), Duration.ofSeconds(restartCap));
        } catch (IllegalArgumentException e) {
            // the message names the field, never its value, so a password that is refused is not shown
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String password() throws IOException {
        if (!Files.isReadable(passwordFile)) {
            throw new ParameterException(spec.commandLine(), "--password-file: cannot read " + passwordFile);
        }
        return Files.readString(passwordFile).strip();
    }

    /** Lets the {@code mosquitto} group read the file when this runs as root and that group exists. */
    static void giveToMosquittoGroup(Path file) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        try {
            Files.getFileAttributeView(file, PosixFileAttributeView.class).setGroup(file.getFileSystem()
                    .getUserPrincipalLookupService().lookupPrincipalByGroupName("mosquitto"));
        } catch (UserPrincipalNotFoundException | UnsupportedOperationException noSuchGroup) {
            // Mosquitto is not installed here: the file is copied to the broker's host by hand
        }
    }
}

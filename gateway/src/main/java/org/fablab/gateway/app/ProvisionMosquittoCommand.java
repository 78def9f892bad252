package org.fablab.gateway.app;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fablab.provision.DynsecFile;
import org.fablab.provision.MosquittoConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fablab provision mosquitto}: the lab's Mosquitto 2 {@code conf.d} file, and, once, its Dynamic Security file
 * with two users made here with random passwords: the plugin's admin (the gateway uses it to manage node users) and
 * the gateway's own user, bound to the gateway's client id. The passwords go to an environment file for the gateway
 * (readable by its owner only), never to the screen. An existing Dynamic Security file holds the live node users and
 * is kept as it is.
 */
@Command(name = "mosquitto", mixinStandardHelpOptions = true,
        description = "Write a Mosquitto 2 conf.d file, its Dynamic Security users and the gateway's broker settings.")
final class ProvisionMosquittoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lab", required = true, description = "The lab id, as in the gateway's config.")
    String lab;

    @Option(names = "--out", required = true, description = "The conf.d file to write, e.g. /etc/mosquitto/conf.d/fablab.conf.")
    Path out;

    @Option(names = "--dynsec-file", description = "The Dynamic Security file the plugin keeps its users in; written "
            + "when absent, kept when present. Default: ${DEFAULT-VALUE}.")
    Path dynsecFile = Path.of("/var/lib/mosquitto/dynamic-security.json");

    @Option(names = "--env-out", description = "Where the gateway's broker settings and passwords go, as FABLAB_* "
            + "variables for a systemd EnvironmentFile (mode 0600). Required when the Dynamic Security file is new.")
    Path envOut;

    @Option(names = "--bind", description = "Listener address. Default: 0.0.0.0 with TLS, 127.0.0.1 without.")
    String bind;

    @Option(names = "--port", description = "Listener port. Default: 8883 with TLS, 1883 without.")
    Integer port;

    @Option(names = "--cafile", description = "The lab CA certificate (PEM), from `fablab provision ca`.")
    Path caFile;

    @Option(names = "--certfile", description = "The broker's certificate (PEM).")
    Path certFile;

    @Option(names = "--keyfile", description = "The broker's private key (PEM), readable by the mosquitto user.")
    Path keyFile;

    @Option(names = "--plugin", description = "Path of mosquitto_dynamic_security.so. Default: ${DEFAULT-VALUE}.")
    Path plugin = MosquittoConf.DEBIAN_PLUGIN;

    @Option(names = "--persistence-dir", description = "persistence_location; leave out where the main file sets it "
            + "(Debian's does).")
    Path persistenceDir;

    @Option(names = "--gateway-client-id", description = "The gateway's mqtt.clientId. Default: ${DEFAULT-VALUE}.")
    String gatewayClientId = "fablab-gateway";

    @Option(names = "--gateway-user", description = "The gateway's broker user. Default: ${DEFAULT-VALUE}.")
    String gatewayUser = "fablab-gateway";

    @Option(names = "--admin-user", description = "The Dynamic Security admin user. Default: ${DEFAULT-VALUE}.")
    String adminUser = "fablab-admin";

    @Option(names = "--shared-group", description = "The gateways' mqtt.sharedGroup, when several share the load.")
    String sharedGroup;

    @Option(names = "--max-queued-messages", description = "Default: ${DEFAULT-VALUE}.")
    int maxQueuedMessages = 100_000;

    @Option(names = "--max-inflight-messages", description = "Default: ${DEFAULT-VALUE}.")
    int maxInflightMessages = 1000;

    @Option(names = "--persistent-client-expiration", description = "ISO-8601 duration, whole hours. "
            + "Default: ${DEFAULT-VALUE}.")
    String persistentClientExpiration = "P30D";

    @Override
    public Integer call() throws IOException {
        MosquittoConf conf = conf();
        boolean newUsers = !Files.exists(dynsecFile);
        if (newUsers && envOut == null) {
            throw new ParameterException(spec.commandLine(), "--env-out is required: the new Dynamic Security file "
                    + dynsecFile + " gets two users whose passwords go there");
        }
        if (newUsers) {
            SecureRandom random = new SecureRandom();
            DynsecFile.User admin = new DynsecFile.User(adminUser, DynsecFile.randomPassword(random));
            DynsecFile.User gateway = new DynsecFile.User(gatewayUser, DynsecFile.randomPassword(random));
            String json = DynsecFile.json(lab, admin, gateway, gatewayClientId, Optional.ofNullable(sharedGroup), random);
            writeNew(envOut, environment(admin, gateway));
            writeNew(dynsecFile, json);
            giveToMosquitto(dynsecFile);
        }
        Files.writeString(out, conf.text());
        spec.commandLine().getOut().printf("wrote %s%n%s %s%n", out, newUsers ? "wrote" : "kept the existing", dynsecFile);
        if (newUsers) {
            spec.commandLine().getOut().printf("wrote the gateway's broker settings to %s; give it mqtt.url, e.g. %s%n"
                    + "%s must be readable and writable by the mosquitto user only (mode 600, owner mosquitto)%n",
                    envOut, url(conf), dynsecFile);
        }
        return 0;
    }

    private MosquittoConf conf() {
        Optional<MosquittoConf.Tls> tls;
        if (caFile == null && certFile == null && keyFile == null) {
            tls = Optional.empty();
        } else if (caFile != null && certFile != null && keyFile != null) {
            tls = Optional.of(new MosquittoConf.Tls(caFile, certFile, keyFile));
        } else {
            throw new ParameterException(spec.commandLine(), "--cafile, --certfile and --keyfile go together");
        }
        try {
            Duration expiration = Duration.parse(persistentClientExpiration);
            return new MosquittoConf(lab, bind != null ? bind : tls.isPresent() ? "0.0.0.0" : "127.0.0.1",
                    port != null ? port : tls.isPresent() ? 8883 : 1883, tls, plugin, dynsecFile.toAbsolutePath(),
                    Optional.ofNullable(persistenceDir).map(Path::toAbsolutePath), maxQueuedMessages,
                    maxInflightMessages, expiration);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--persistent-client-expiration: '"
                    + persistentClientExpiration + "' is not an ISO-8601 duration such as P30D");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String environment(DynsecFile.User admin, DynsecFile.User gateway) {
        return "# The gateway's broker settings, written by `fablab provision mosquitto`; secrets: keep this file 0600.\n"
                + ConfigLoader.envName("mqtt.mode") + "=external\n"
                + ConfigLoader.envName("mqtt.clientId") + "=" + gatewayClientId + "\n"
                + ConfigLoader.envName("mqtt.username") + "=" + gateway.username() + "\n"
                + ConfigLoader.envName("mqtt.password") + "=" + gateway.password() + "\n"
                + ConfigLoader.envName("mqtt.brokerAdmin") + "=dynsec\n"
                + ConfigLoader.envName("mqtt.adminUsername") + "=" + admin.username() + "\n"
                + ConfigLoader.envName("mqtt.adminPassword") + "=" + admin.password() + "\n";
    }

    private static String url(MosquittoConf conf) {
        return (conf.tls().isPresent() ? "ssl://" : "tcp://")
                + (conf.bind().equals("0.0.0.0") ? "broker.example.org" : conf.bind()) + ":" + conf.port();
    }

    /** Hands the plugin's file to the {@code mosquitto} user when this runs as root and that user exists. */
    private static void giveToMosquitto(Path file) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        try {
            Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("mosquitto"));
        } catch (UserPrincipalNotFoundException | UnsupportedOperationException noSuchUser) {
            // Mosquitto is not installed here: the file is copied to the broker's host by hand
        }
    }

    /** Creates {@code file} readable by its owner only; refuses to replace one. */
    private void writeNew(Path file, String text) throws IOException {
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(spec.commandLine(), file + " exists already: move it away first");
        }
        Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
    }
}

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.fablab.provision.DynsecFile;
import org.fablab.provision.MosquittoConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fablab provision mosquitto}: the lab's Mosquitto 2 {@code conf.d} file, and, once, its Dynamic Security file
 * with two users per gateway instance made here with random passwords: the plugin's admin (the gateway uses it to
 * manage node users) and the gateway's own user, bound to that instance's client id. The passwords go to an
 * environment file per instance (readable by its owner only), never to the screen. An existing Dynamic Security file
 * holds the live node users and is kept as it is.
 */
@Command(name = "mosquitto", mixinStandardHelpOptions = true,
        description = "Write a Mosquitto 2 conf.d file, its Dynamic Security users and the gateway's broker settings.")
final class ProvisionMosquittoCommand implements Callable<Integer> {
    private static final String DEFAULT_GATEWAY = "fablab-gateway";
    private static final String DEFAULT_ADMIN = "fablab-admin";

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
            + "variables for a systemd EnvironmentFile (mode 0600); with several --gateway-client-id, a folder that "
            + "gets one <client id>.env per instance. Required when the Dynamic Security file is new.")
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

    @Option(names = "--gateway-client-id", description = "A gateway instance's mqtt.clientId; repeat it for "
            + "several instances, each then gets its own users, named <client id> and <client id>-admin. "
            + "Default: " + DEFAULT_GATEWAY + ".")
    List<String> gatewayClientIds;

    @Option(names = "--gateway-user", description = "The gateway's broker user, for a single instance. "
            + "Default: " + DEFAULT_GATEWAY + ".")
    String gatewayUser;

    @Option(names = "--admin-user", description = "The Dynamic Security admin user, for a single instance. "
            + "Default: " + DEFAULT_ADMIN + ".")
    String adminUser;

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
                    + dynsecFile + " gets users whose passwords go there");
        }
        List<Path> envFiles = new ArrayList<>();
        if (newUsers) {
            SecureRandom random = new SecureRandom();
            List<DynsecFile.Instance> users = instances(random);
            String json = DynsecFile.json(lab, users, Optional.ofNullable(sharedGroup), random);
            if (users.size() > 1) {
                Files.createDirectories(envOut);
            }
            for (DynsecFile.Instance instance : users) {
                Path file = users.size() > 1 ? envOut.resolve(instance.clientId() + ".env") : envOut;
                writeNew(file, environment(instance));
                envFiles.add(file);
            }
            writeNew(dynsecFile, json);
            giveToMosquitto(dynsecFile);
        }
        Files.writeString(out, conf.text());
        spec.commandLine().getOut().printf("wrote %s%n%s %s%n", out, newUsers ? "wrote" : "kept the existing", dynsecFile);
        if (newUsers) {
            spec.commandLine().getOut().printf("wrote the gateway's broker settings to %s; give it mqtt.url, e.g. %s%n"
                    + "%s must be readable and writable by the mosquitto user only (mode 600, owner mosquitto)%n",
                    envFiles.stream().map(Path::toString).collect(Collectors.joining(", ")), url(conf), dynsecFile);
        }
        return 0;
    }

    /**
     * The users of one instance named by the options, or of one per {@code --gateway-client-id}, each named after its
     * client id; every password is its own.
     */
    private List<DynsecFile.Instance> instances(SecureRandom random) {
        List<String> clientIds = gatewayClientIds == null ? List.of(DEFAULT_GATEWAY) : gatewayClientIds;
        for (String clientId : clientIds) {
            // MQTT 3.1.1's safe client ids; each also names a file and an environment line
            if (!clientId.matches("[A-Za-z0-9_.-]{1,23}") || clientId.startsWith(".")) {
                throw new ParameterException(spec.commandLine(), "--gateway-client-id: '" + clientId
                        + "' must be 1 to 23 letters, digits, '-', '_' or '.'");
            }
        }
        if (clientIds.stream().distinct().count() < clientIds.size()) {
            throw new ParameterException(spec.commandLine(), "--gateway-client-id: each instance needs its own");
        }
        if (clientIds.size() == 1) {
            return List.of(instance(random, clientIds.get(0), gatewayUser == null ? DEFAULT_GATEWAY : gatewayUser,
                    adminUser == null ? DEFAULT_ADMIN : adminUser));
        }
        if (gatewayUser != null || adminUser != null) {
            throw new ParameterException(spec.commandLine(), "--gateway-user and --admin-user name the users of a "
                    + "single instance; with several --gateway-client-id each instance's users are named after it");
        }
        return clientIds.stream().map(id -> instance(random, id, id, id + "-admin")).toList();
    }

    private static DynsecFile.Instance instance(SecureRandom random, String clientId, String gateway, String admin) {
        return new DynsecFile.Instance(clientId, new DynsecFile.User(gateway, DynsecFile.randomPassword(random)),
                new DynsecFile.User(admin, DynsecFile.randomPassword(random)));
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

    private static String environment(DynsecFile.Instance instance) {
        return "# The gateway's broker settings, written by `fablab provision mosquitto`; secrets: keep this file 0600.\n"
                + ConfigLoader.envName("mqtt.mode") + "=external\n"
                + ConfigLoader.envName("mqtt.clientId") + "=" + instance.clientId() + "\n"
                + ConfigLoader.envName("mqtt.username") + "=" + instance.gateway().username() + "\n"
                + ConfigLoader.envName("mqtt.password") + "=" + instance.gateway().password() + "\n"
                + ConfigLoader.envName("mqtt.brokerAdmin") + "=dynsec\n"
                + ConfigLoader.envName("mqtt.adminUsername") + "=" + instance.admin().username() + "\n"
                + ConfigLoader.envName("mqtt.adminPassword") + "=" + instance.admin().password() + "\n";
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

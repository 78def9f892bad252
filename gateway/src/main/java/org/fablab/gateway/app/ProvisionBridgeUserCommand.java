package org.fablab.gateway.app;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fablab.gateway.adapter.mqtt.DynsecBrokerAccounts;
import org.fablab.protocol.network.NetworkTopic;
import org.fablab.provision.BridgeConf;
import org.fablab.provision.DynsecFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fablab provision bridge-user}: on this lab's running Mosquitto, the user a partner lab's bridge logs in with,
 * made through the Dynamic Security plugin as its admin (as the gateway manages node users), so the broker needs no
 * restart. The user may publish only what the partner sends to this lab and subscribe only to what this lab sends to
 * the partner. Its random password goes to a new file readable by its owner only, for the partner's
 * {@code fablab provision bridge --password-file}; it is never shown. Running it again replaces the password.
 */
@Command(name = "bridge-user", mixinStandardHelpOptions = true,
        description = "Add the user a partner lab's bridge logs in with to this lab's Mosquitto (Dynamic Security).")
final class ProvisionBridgeUserCommand implements Callable<Integer> {
    private static final String ADMIN_CLIENT_ID = "fablab-provision-bridge-user";

    @Spec
    CommandSpec spec;

    @Option(names = "--lab", required = true, description = "This lab's id, as in the gateway's config.")
    String lab;

    @Option(names = "--partner", required = true, description = "The partner lab's id, whose bridge connects here.")
    String partner;

    @Option(names = "--url", required = true, description = "This lab's broker, e.g. ssl://broker.example.org:8883 "
            + "(the gateway's mqtt.url).")
    String url;

    @Option(names = "--cafile", description = "The lab CA (PEM) an ssl:// URL is pinned to (the gateway's "
            + "mqtt.caFile).")
    Path caFile;

    @Option(names = "--admin-user", description = "The Dynamic Security admin user. Default: ${DEFAULT-VALUE}.")
    String adminUser = "fablab-admin";

    @Option(names = "--admin-password-file", required = true, description = "A file holding the admin's password: "
            + "the password alone, or the environment file `fablab provision mosquitto` wrote (its "
            + "FABLAB_MQTT_ADMIN_PASSWORD line).")
    Path adminPasswordFile;

    @Option(names = "--username", description = "The bridge user. Default: fablab-bridge.<partner>.<lab>, as "
            + "`fablab provision bridge` expects it.")
    String username;

    @Option(names = "--password-out", required = true, description = "A new file (mode 0600) for the bridge user's "
            + "password, to hand to the partner lab over a safe channel.")
    Path passwordOut;

    @Override
    public Integer call() throws IOException {
        String user = username != null ? username : BridgeConf.clientId(partner, lab);
        String password = DynsecFile.randomPassword(new SecureRandom());
        String admin = adminPassword();
        try {
            SecretFiles.write(passwordOut, password + "\n", SecretFiles.PRIVATE, false);
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(spec.commandLine(), passwordOut + " exists already: move it away first");
        }
        try (DynsecBrokerAccounts accounts = DynsecBrokerAccounts.connect(new DynsecBrokerAccounts.Settings(url,
                ADMIN_CLIENT_ID, adminUser, admin, lab, Optional.ofNullable(caFile)))) {
            accounts.grantBridge(partner, user, password.toCharArray());
        } catch (RuntimeException e) {
            // a password no broker knows would only mislead whoever finds the file
            Files.deleteIfExists(passwordOut);
            throw e;
        }
        spec.commandLine().getOut().printf("made broker user %s for the bridge from lab %s (client id %s):%n"
                        + "  publishes %s%n  subscribes to %s%n"
                        + "wrote its password to %s; give it, with this broker's CA certificate, to lab %s for "
                        + "`fablab provision bridge --lab %s --partner %s --username %s --password-file …`%n",
                user, partner, BridgeConf.clientId(partner, lab), NetworkTopic.fromTo(partner, lab),
                NetworkTopic.fromTo(lab, partner), passwordOut, partner, partner, lab, user);
        return 0;
    }

    /** The password alone, or the admin password line of the gateway's environment file. */
    private String adminPassword() throws IOException {
        if (!Files.isReadable(adminPasswordFile)) {
            throw new ParameterException(spec.commandLine(), "--admin-password-file: cannot read " + adminPasswordFile);
        }
        String text = Files.readString(adminPasswordFile);
        String prefix = ConfigLoader.envName("mqtt.adminPassword") + "=";
        return text.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> line.substring(prefix.length())).orElse(text).strip();
    }
}

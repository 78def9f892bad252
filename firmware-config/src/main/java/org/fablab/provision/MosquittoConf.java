package org.fablab.provision;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.fablab.protocol.Names;

/**
 * A Mosquitto 2 {@code conf.d} file for one lab: one listener, no anonymous client, the Dynamic Security plugin
 * holding every user and right (the gateway administers the node users at runtime through it), persistence and the
 * queue limits a gateway that may be offline for a while needs. Pure: {@link #text()} is the file.
 *
 * @param lab             the lab the file is for (named in its header)
 * @param bind            address of the listener; anything but loopback needs {@code tls}
 * @param port            port of the listener
 * @param tls             the lab's certificate files, or empty for plain MQTT on loopback
 * @param plugin          path of {@code mosquitto_dynamic_security.so} on the broker's host
 * @param dynsecFile      the plugin's JSON file (users, roles), written by {@link DynsecFile}
 * @param persistenceDir  where Mosquitto keeps sessions and retained messages; empty leaves the main file's setting
 *                        (Debian's sets {@code /var/lib/mosquitto/}, and a second one is refused)
 * @param maxQueuedMessages    QoS 1 messages kept per offline or slow client (Mosquitto's default of 1000 drops the
 *                        gateway's backlog after a longer outage)
 * @param maxInflightMessages  QoS 1 messages sent to a client before its acknowledgements; the gateway reads with a
 *                        window of 1000
 * @param persistentClientExpiration how long the session of a client that stays away is kept
 */
public record MosquittoConf(String lab, String bind, int port, Optional<Tls> tls, Path plugin, Path dynsecFile,
                            Optional<Path> persistenceDir, int maxQueuedMessages, int maxInflightMessages,
                            Duration persistentClientExpiration) {
    /** Debian's and Raspberry Pi OS's path on amd64; arm64 has {@code aarch64-linux-gnu} in its place. */
    public static final Path DEBIAN_PLUGIN = Path.of("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so");

    /** The lab CA and the broker's certificate and key, PEM files readable by the {@code mosquitto} user. */
    public record Tls(Path caFile, Path certFile, Path keyFile) {
        public Tls {
            Names.require("caFile", caFile);
            Names.require("certFile", certFile);
            Names.require("keyFile", keyFile);
        }
    }

    public MosquittoConf {
        Names.requireId("lab", lab);
        Names.requireText("bind", bind);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port: must be between 1 and 65535, was " + port);
        }
        if (tls.isEmpty() && !isLoopback(bind)) {
            throw new IllegalArgumentException("bind: plain MQTT (no TLS) stays on loopback (127.0.0.1 or ::1), was "
                    + bind + "; give the lab's certificate files to listen on the network");
        }
        Names.require("plugin", plugin);
        Names.require("dynsecFile", dynsecFile);
        if (maxQueuedMessages < 1 || maxInflightMessages < 1) {
            throw new IllegalArgumentException("maxQueuedMessages and maxInflightMessages must be positive");
        }
        if (persistentClientExpiration.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("persistentClientExpiration: must be at least one hour");
        }
    }

    public static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("::1") || host.equals("localhost");
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("# Mosquitto 2 for fablab lab '").append(lab).append("', written by `fablab provision mosquitto`.\n")
                .append("# Users and rights live in the Dynamic Security file below; the gateway adds, changes and\n")
                .append("# removes node users there at runtime. Do not add a password_file or acl_file.\n")
                .append("per_listener_settings false\n")
                .append("allow_anonymous false\n\n")
                .append("listener ").append(port).append(' ').append(bind).append('\n');
        tls.ifPresent(t -> out.append("cafile ").append(t.caFile()).append('\n')
                .append("certfile ").append(t.certFile()).append('\n')
                .append("keyfile ").append(t.keyFile()).append('\n')
                .append("tls_version tlsv1.2\n"));
        out.append('\n')
                .append("plugin ").append(plugin).append('\n')
                .append("plugin_opt_config_file ").append(dynsecFile).append("\n\n")
                .append("persistence true\n");
        persistenceDir.ifPresent(dir -> out.append("persistence_location ").append(dir).append("/\n"));
        out.append("autosave_interval 60\n")
                .append("max_queued_messages ").append(maxQueuedMessages).append('\n')
                .append("max_inflight_messages ").append(maxInflightMessages).append('\n')
                .append("persistent_client_expiration ").append(expiration(persistentClientExpiration)).append('\n');
        return out.toString();
    }

    /** Mosquitto's duration form: a number and one of h, d, w. */
    private static String expiration(Duration duration) {
        long hours = duration.toHours();
        return hours % 24 == 0 ? hours / 24 + "d" : hours + "h";
    }
}

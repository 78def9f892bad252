package org.fablab.provision;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.fablab.protocol.Names;
import org.fablab.protocol.network.NetworkTopic;

/**
 * A Mosquitto 2 {@code conf.d} section on lab {@code lab}'s broker that bridges it to partner lab {@code partner}'s
 * broker, over TLS always: what {@code lab} sends to {@code partner} goes out, what {@code partner} sends to
 * {@code lab} comes in, both at QoS 1, and nothing else crosses (node topics never do). Both sessions are persistent:
 * while the link is down the partner's broker queues what is sent to {@code lab}, and this broker queues, in the
 * bridge's local session, what {@code lab} sends to {@code partner} (kept across its own restarts by the
 * {@code persistence true} and {@code max_queued_messages} of {@link MosquittoConf}). Pure: {@link #text()} is the
 * section; it holds the partner broker's password for the bridge user, so its file is not world-readable.
 *
 * @param lab          this lab, the side that connects
 * @param partner      the partner lab, whose broker accepts the bridge
 * @param host         the partner broker's host name or IP address, as named in its certificate
 * @param port         the partner broker's TLS listener
 * @param partnerCa    the CA that signed the partner broker's certificate (its {@code ca.pem})
 * @param clientCert   a client certificate and key for a partner broker that asks for one
 * @param username     the bridge user on the partner's broker
 * @param password     its password
 * @param restartBase  the first wait before reconnecting after the link fails
 * @param restartCap   the longest wait between reconnections (Mosquitto's jittered back-off between the two)
 */
public record BridgeConf(String lab, String partner, String host, int port, Path partnerCa,
                         Optional<ClientCert> clientCert, String username, String password, Duration restartBase,
                         Duration restartCap) {
    private static final String PREFIX = "fablab-bridge.";

    /** A client certificate and its private key, PEM files readable by the {@code mosquitto} user. */
    public record ClientCert(Path certFile, Path keyFile) {
        public ClientCert {
            Names.require("certFile", certFile);
            Names.require("keyFile", keyFile);
        }
    }

    public BridgeConf {
        Names.requireId("lab", lab);
        Names.requireId("partner", partner);
        if (lab.equals(partner)) {
            throw new IllegalArgumentException("partner: a lab does not bridge to itself: " + lab);
        }
        // one word: Mosquitto reads the address up to a space, and a colon would start the port
        if (host == null || !host.matches("[A-Za-z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("address: the host must be a host name or IPv4 address, was " + host);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("address: the port must be between 1 and 65535, was " + port);
        }
        Names.require("partnerCa", partnerCa);
        Names.require("clientCert", clientCert);
        requireWord("username", username);
        requireWord("password", password);
        if (restartBase.toSeconds() < 1 || restartCap.compareTo(restartBase) < 0) {
            throw new IllegalArgumentException("restart timeout: at least 1 s, and the cap no shorter than the base");
        }
    }

    /**
     * The client id of lab {@code from}'s bridge on lab {@code to}'s broker, the same on both sides: the bridge user
     * is bound to it, and its persistent session (what queues for {@code from} while the link is down) belongs to it.
     * Lab ids have no dot, so it names one pair.
     */
    public static String clientId(String from, String to) {
        return PREFIX + Names.requireId("from", from) + "." + Names.requireId("to", to);
    }

    /** The bridge's name in the broker's configuration and log, one per partner. */
    public String connection() {
        return "fablab-network-" + partner;
    }

    public String text() {
        String remoteId = clientId(lab, partner);
        StringBuilder out = new StringBuilder();
        out.append("# Bridge from fablab lab '").append(lab).append("' to partner lab '").append(partner)
                .append("', written by `fablab provision bridge`.\n")
                .append("# It holds the password of the bridge user on the partner's broker: keep it mode 0640,\n")
                .append("# group mosquitto. Only the network tree between the two labs crosses; node topics never do.\n")
                .append("connection ").append(connection()).append('\n')
                .append("address ").append(host).append(':').append(port).append('\n')
                .append("bridge_protocol_version mqttv311\n")
                .append("try_private true\n")
                .append("remote_clientid ").append(remoteId).append('\n')
                .append("local_clientid ").append(remoteId).append(".local\n")
                .append("remote_username ").append(username).append('\n')
                .append("remote_password ").append(password).append('\n')
                // persistent on both brokers: each queues, for the other, what is sent while the link is down
                .append("cleansession false\n")
                .append("local_cleansession false\n")
                .append("start_type automatic\n")
                .append("restart_timeout ").append(restartBase.toSeconds()).append(' ')
                .append(restartCap.toSeconds()).append('\n')
                // the bridge user may publish only on the network tree, so no state topic on the partner's broker
                .append("notifications true\n")
                .append("notifications_local_only true\n")
                .append("bridge_cafile ").append(partnerCa).append('\n')
                .append("bridge_insecure false\n")
                .append("bridge_tls_version tlsv1.2\n");
        clientCert.ifPresent(c -> out.append("bridge_certfile ").append(c.certFile()).append('\n')
                .append("bridge_keyfile ").append(c.keyFile()).append('\n'));
        out.append("topic ").append(NetworkTopic.fromTo(lab, partner)).append(" out 1\n")
                .append("topic ").append(NetworkTopic.fromTo(partner, lab)).append(" in 1\n");
        return out.toString();
    }

    @Override
    public String toString() {
        return "BridgeConf[" + lab + " -> " + partner + " at " + host + ":" + port + ", user " + username + "]";
    }

    private static void requireWord(String field, String value) {
        if (value == null || !value.matches("[\\x21-\\x7e]{1,256}")) {
            throw new IllegalArgumentException(field + ": 1 to 256 printable ASCII characters without spaces");
        }
    }
}

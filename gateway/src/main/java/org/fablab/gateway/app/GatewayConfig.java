package org.fablab.gateway.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fablab.gateway.adapter.http.TrustedProxies;
import org.fablab.gateway.billing.Issuer;
import org.fablab.gateway.domain.PublicName;
import org.fablab.gateway.network.VisitCharge;
import org.fablab.gateway.report.ReportSettings;

/**
 * Everything the gateway reads at start, from one YAML file plus {@code FABLAB_*} environment
 * overrides (see {@link ConfigLoader}); defaults live in {@code gateway-defaults.yaml}.
 *
 * @param lab    the lab id used in every topic
 * @param timeZone the lab's time zone (IANA id such as {@code Europe/Paris}): membership and training end
 *               dates, opening hours
 * @param http   where the REST API, SSE stream and dashboard listen
 * @param mqtt   the broker: the embedded one, or an external one by URL
 * @param store  the JDBC URL of the database (SQLite file or PostgreSQL)
 * @param keys   the gateway's signing key and the lab pepper for credential hashes
 * @param ingest limits of the MQTT ingestion pipeline
 * @param billing money settings that are not the treasurer's to change from the dashboard
 * @param enrollment what enrolled nodes are told (docs/enrollment.md)
 * @param report how the impact report classifies and suppresses (docs/impact.md)
 * @param mail   the SMTP server that sends invitations and password resets (docs/accounts.md)
 * @param network the network of partner labs this lab belongs to, if any (docs/network.md)
 */
public record GatewayConfig(String lab, String timeZone, Http http, Mqtt mqtt, Store store, Keys keys, Ingest ingest,
                            Billing billing, Board board, Enrollment enrollment, Report report, Mail mail,
                            Network network) {

    /** The lab's time zone; only call after validation. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /**
     * @param host interface to bind, {@code 127.0.0.1} by default; {@code 0.0.0.0} exposes it on the network
     * @param tls  HTTPS when its files are set
     * @param trustedProxies addresses and CIDR ranges of the load balancers whose {@code X-Forwarded-For} and
     *             {@code X-Forwarded-Proto} are believed ({@link TrustedProxies}); empty by default: none
     */
    public record Http(String host, int port, Tls tls, List<String> trustedProxies) {
        public Http {
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        }

        public String scheme() {
            return tls.enabled() ? "https" : "http";
        }

        /** The trusted proxies; only call after validation. */
        public TrustedProxies proxies() {
            return TrustedProxies.parse(trustedProxies);
        }
    }

    /**
     * A TLS server's certificate and key, PEM files (docs/tls.md); both empty means no TLS.
     *
     * @param certificateFile the server certificate, optionally followed by the chain up to its CA
     * @param keyFile         its unencrypted private key, PKCS#8 ({@code PRIVATE KEY}) or PKCS#1/SEC 1
     */
    public record Tls(Path certificateFile, Path keyFile) {
        public boolean enabled() {
            return isSet(certificateFile) || isSet(keyFile);
        }

        static boolean isSet(Path file) {
            return file != null && !file.toString().isBlank();
        }
    }

    /**
     * The embedded broker's TLS listener, for nodes on the network; off while its files are empty.
     *
     * @param host interface to bind, {@code 0.0.0.0} (every interface) by default
     * @param port 8883 by default
     */
    public record EmbeddedTls(String host, int port, Path certificateFile, Path keyFile) {
        public Tls files() {
            return new Tls(certificateFile, keyFile);
        }
    }

    /**
     * @param mode          {@code embedded} starts a broker inside the gateway; {@code external} connects to {@code url}
     * @param url           broker URL for external mode, e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://…:8883}
     * @param embeddedHost  interface the embedded broker binds to
     * @param embeddedPort  port of the embedded broker (1884 by default, leaving 1883 to a system Mosquitto)
     * @param dataDir       where the embedded broker keeps its persistent sessions and retained messages
     * @param username      broker user of the gateway, optional
     * @param password      its password, optional; never logged. Unused with the embedded broker, whose gateway user
     *                      gets a random password from each gateway process
     * @param clientId      MQTT client id of this gateway instance (persistent session)
     * @param sharedGroup   when set, subscribe through {@code $share/<group>/…} so several gateways split the load
     * @param caFile        the lab CA (PEM) that nodes pin; also the only issuer the gateway's own client trusts on an
     *                      {@code ssl://} URL. Empty: the JVM's trust store (a broker with a public certificate)
     * @param plainOnNetwork allows plain MQTT off loopback (the embedded plain listener on another interface, a
     *                      {@code tcp://} external URL to another host), for an isolated network; logged at start
     * @param embeddedTls   the embedded broker's TLS listener
     * @param brokerAdmin   how the external broker's node users are administered: {@code none} (by hand) or
     *                      {@code dynsec} (by the gateway, through Mosquitto's Dynamic Security plugin); the embedded
     *                      broker's always are by the gateway
     * @param adminUsername the Dynamic Security admin user, for {@code brokerAdmin: dynsec}
     * @param adminPassword its password; never logged
     */
    public record Mqtt(MqttMode mode, String url, String embeddedHost, int embeddedPort, Path dataDir,
                       String username, String password, String clientId, String sharedGroup, Path caFile,
                       boolean plainOnNetwork, EmbeddedTls embeddedTls, BrokerAdmin brokerAdmin, String adminUsername,
                       String adminPassword) {
        /** The lab CA to pin, when set. */
        public Optional<Path> caFileIfSet() {
            return Tls.isSet(caFile) ? Optional.of(caFile) : Optional.empty();
        }

        public Optional<String> credentialsUser() {
            return Optional.ofNullable(username).filter(u -> !u.isBlank());
        }

        public Optional<String> sharedGroupIfSet() {
            return Optional.ofNullable(sharedGroup).filter(g -> !g.isBlank());
        }

        /** The URL the gateway's own MQTT client connects to. */
        public String effectiveUrl() {
            String host = embeddedHost.contains(":") ? "[" + embeddedHost + "]" : embeddedHost;
            return mode == MqttMode.EMBEDDED ? "tcp://" + host + ":" + embeddedPort : url;
        }

        @Override
        public String toString() {
            return "Mqtt[mode=" + mode + ", url=" + effectiveUrl() + ", user=" + username + ", password="
                    + (password == null ? "none" : "***") + ", brokerAdmin=" + brokerAdmin + ", adminUsername="
                    + adminUsername + "]";
        }
    }

    /**
     * A lab in a network of partner labs holds the network pepper they share (hex, at least 16 bytes, inline or in a
     * file); without one the lab is in no network.
     *
     * @param passValidity how long a pass list we send stays valid without a newer one; sent again at half of it
     * @param visits       what is done with a partner's receipt for one of our members' visits
     */
    public record Network(String pepper, Path pepperFile, Duration passValidity, VisitCharge visits) {
        public boolean enabled() {
            return (pepper != null && !pepper.isBlank()) || Tls.isSet(pepperFile);
        }

        @Override
        public String toString() {
            return "Network[pepperFile=" + pepperFile + ", passValidity=" + passValidity + ", visits=" + visits + "]";
        }
    }

    /** @param url {@code jdbc:sqlite:data/fablab.db} or {@code jdbc:postgresql://host:5432/db} */
    public record Store(String url, String username, String password, int poolSize) {
        @Override
        public String toString() {
            return "Store[url=" + url + ", user=" + username + ", password=" + (password == null ? "none" : "***") + "]";
        }
    }

    /**
     * Secrets are given either inline (base64 / hex) or as a path to a file holding them.
     *
     * @param gatewayPrivateKey     raw 32-byte Ed25519 seed, base64
     * @param gatewayPrivateKeyFile file holding that base64 text
     * @param labPepper             at least 16 bytes, hex
     * @param labPepperFile         file holding that hex text
     */
    public record Keys(String gatewayPrivateKey, Path gatewayPrivateKeyFile, String labPepper, Path labPepperFile) {
        @Override
        public String toString() {
            return "Keys[gatewayPrivateKeyFile=" + gatewayPrivateKeyFile + ", labPepperFile=" + labPepperFile + "]";
        }
    }

    /**
     * @param batchSize      events written per database transaction at most
     * @param queueCapacity  messages waiting for the writer before the MQTT client is slowed down
     * @param maxFutureSkew  how far ahead of the gateway's clock a node's {@code ts} may be
     * @param securityLogFullPerMinute refused messages stored and logged in full per node, reason and minute; the
     *                       others are only counted
     * @param securityLogRetention     refused messages and refusal counts older than this are deleted
     */
    /**
     * @param currency ISO 4217 code written on every ledger entry, {@code EUR} by default
     * @param issuer   the lab's name and address as printed on statements, lines separated by {@code \n};
     *                 empty prints the lab id
     * @param siret        the lab's SIRET (14 digits, spaces allowed) printed on invoices; empty when it has none
     * @param vatNumber    the lab's intra-community VAT number printed on invoices; empty when not registered
     * @param paymentTerms the payment terms printed on invoices; empty prints "payable on receipt"
     */
    public record Billing(String currency, String issuer, String siret, String vatNumber, String paymentTerms) {
        /** Who issues statements and invoices; the lab id stands for an empty issuer. Only call after validation. */
        public Issuer invoiceIssuer(String lab) {
            return new Issuer(issuer.isBlank() ? lab : issuer, siret.replace(" ", ""), vatNumber.replace(" ", ""),
                    paymentTerms);
        }
    }

    public record Ingest(int batchSize, int queueCapacity, Duration maxFutureSkew, int securityLogFullPerMinute,
                         Duration securityLogRetention) {
    }

    /**
     * @param publicName how much of a member's name the board and stream show to clients that may not read
     *                   every session (anonymous, makers, trainers): {@code first-name} (default),
     *                   {@code initials} or {@code none}
     */
    public record Board(PublicName publicName) {
    }

    public record Report(int regularMinDays, int smallCountThreshold) {
        /** Only call after validation. */
        public ReportSettings settings() {
            return new ReportSettings(regularMinDays, smallCountThreshold);
        }
    }

    /**
     * @param brokerUrl         the broker URL as nodes reach it, e.g. {@code ssl://gateway.lab:8883}; empty gives them
     *                          the gateway's own ({@link Mqtt#effectiveUrl()}), which is only right when that is not
     *                          a loopback address or the nodes run on the same host
     * @param gatewayUrl        this gateway's HTTP(S) URL as nodes reach it, printed in the enroll command by
     *                          {@code fablab provision node}; empty prints a placeholder
     * @param caCertificateFile PEM file of the lab CA that nodes pin; empty when the broker's certificate is public
     */
    public record Enrollment(String brokerUrl, String gatewayUrl, Path caCertificateFile) {
        /** The broker URL handed to nodes. */
        public String nodeBrokerUrl(Mqtt mqtt) {
            return brokerUrl == null || brokerUrl.isBlank() ? mqtt.effectiveUrl() : brokerUrl;
        }

        public Optional<Path> caCertificate() {
            return Optional.ofNullable(caCertificateFile).filter(p -> !p.toString().isBlank());
        }
    }

    /**
     * @param host      the SMTP server; empty: no mail is sent, the dashboard shows each one-time link to the admin
     * @param port      587 for STARTTLS, 465 for TLS, 25 for none
     * @param tls       {@code none}, {@code starttls} (required once chosen) or {@code tls} (implicit, "SMTPS")
     * @param username  empty: no SMTP authentication
     * @param password  its password, best from the environment ({@code FABLAB_MAIL_PASSWORD}); never logged
     * @param from      the sender address, e.g. {@code fablab@example.org}
     * @param publicUrl the dashboard's address as members reach it, e.g. {@code https://fablab.example.org}: the
     *                  start of every link in a mail
     */
    public record Mail(String host, int port, MailTls tls, String username, String password, String from,
                       String publicUrl) {
        public boolean enabled() {
            return !host.isBlank();
        }

        @Override
        public String toString() {
            return "Mail[host=" + host + ", port=" + port + ", tls=" + tls.wire() + ", username=" + username
                    + ", password=" + (password.isEmpty() ? "none" : "***") + ", from=" + from + ", publicUrl="
                    + publicUrl + "]";
        }
    }

    /** How the gateway's connection to the SMTP server is protected. */
    public enum MailTls {
        NONE, STARTTLS, TLS;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static MailTls fromWire(String value) {
            for (MailTls tls : values()) {
                if (tls.wire().equals(value)) {
                    return tls;
                }
            }
            throw new IllegalArgumentException("must be 'none', 'starttls' or 'tls'");
        }
    }

    /** Where the gateway's MQTT broker comes from. */
    public enum MqttMode {
        EMBEDDED, EXTERNAL;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static MqttMode fromWire(String value) {
            for (MqttMode mode : values()) {
                if (mode.wire().equals(value)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("must be 'embedded' or 'external'");
        }
    }

    /** Who administers the node users of an external broker. */
    public enum BrokerAdmin {
        NONE, DYNSEC;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static BrokerAdmin fromWire(String value) {
            for (BrokerAdmin admin : values()) {
                if (admin.wire().equals(value)) {
                    return admin;
                }
            }
            throw new IllegalArgumentException("must be 'none' or 'dynsec'");
        }
    }
}

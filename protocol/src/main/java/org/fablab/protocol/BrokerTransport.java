package org.fablab.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How an MQTT client of this project (node or gateway) reaches its broker: the socket factory for a broker URL and the
 * rule on plain MQTT ({@code docs/tls.md}).
 *
 * <p>Plain MQTT ({@code tcp://}, {@code ws://}) carries broker passwords and every message in clear, so it is for
 * loopback only: a host that is a loopback address literal ({@code 127.0.0.0/8}, {@code ::1}) or the name
 * {@code localhost}. Other names are not resolved: whether a name points at this machine depends on the DNS of the
 * day, and a check must not. A lab that knowingly runs plain MQTT on an isolated network says so with an explicit
 * setting, and the program logs it.
 */
public final class BrokerTransport {
    private static final Set<String> PLAIN_SCHEMES = Set.of("tcp", "ws");

    private BrokerTransport() {
    }

    /** Whether {@code brokerUrl} is plain MQTT (no TLS). */
    public static boolean isPlain(String brokerUrl) {
        String scheme = URI.create(brokerUrl).getScheme();
        return scheme != null && PLAIN_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code brokerUrl} is plain MQTT to a host that is not loopback (which the rule above refuses). */
    public static boolean isPlainOffLoopback(String brokerUrl) {
        return isPlain(brokerUrl) && !isLoopback(URI.create(brokerUrl).getHost());
    }

    /**
     * Whether {@code host} names the loopback interface without asking the DNS: {@code localhost}, an IPv4 literal in
     * {@code 127.0.0.0/8}, or {@code ::1} (brackets allowed).
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] octets = h.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * The socket factory to hand to Paho for {@code brokerUrl}: {@link NoDelaySockets} on plain URLs; on TLS URLs one
     * that trusts only the certificates in {@code caFile} when given (the lab CA, pinned), otherwise none, so Paho
     * uses the JVM's trust store (a broker with a public certificate). Host names are checked by Paho
     * ({@code setHttpsHostnameVerificationEnabled}), not here.
     *
     * @throws IllegalArgumentException when {@code caFile} cannot be read or holds no certificate
     */
    public static Optional<SocketFactory> socketFactory(String brokerUrl, Optional<Path> caFile) {
        if (isPlain(brokerUrl)) {
            return NoDelaySockets.forUrl(brokerUrl);
        }
        return caFile.map(BrokerTransport::trusting);
    }

    /** An {@code SSLSocketFactory} that trusts exactly the certificates of a PEM file, and nothing else. */
    public static SSLSocketFactory trusting(Path caFile) {
        return trustingOnly(caFile).getSocketFactory();
    }

    /** A TLS client context that trusts exactly the certificates of a PEM file, and nothing else. */
    public static SSLContext trustingOnly(Path caFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + caFile + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(caFile + " is not a PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(caFile + " holds no certificate");
        }
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting " + caFile + ": " + e.getMessage(), e);
        }
    }
}

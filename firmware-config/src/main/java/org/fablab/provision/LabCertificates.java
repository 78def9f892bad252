package org.fablab.provision;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The lab's own certificate authority and the server certificates it issues, for the brokers' TLS listeners and
 * the gateway's HTTPS. Pure: the caller gives the time and writes the PEM text where it belongs.
 *
 * <p>Keys are EC P-256 with ECDSA-SHA256: accepted by OpenSSL (Mosquitto), the JDK (Paho, Vert.x) and every
 * browser, and a fraction of the size and signing time of RSA 3072 on a Raspberry Pi. Server certificates last
 * {@link #SERVER_VALIDITY} (825 days), the longest that Apple's systems accept for a TLS server certificate, even
 * from a private CA; the CA lasts {@link #CA_VALIDITY}.
 */
public final class LabCertificates {
    public static final Duration CA_VALIDITY = Duration.ofDays(3_652);
    public static final Duration SERVER_VALIDITY = Duration.ofDays(825);
    /** Certificates start this much before "now", so a peer whose clock is a little behind still accepts them. */
    static final Duration BACKDATE = Duration.ofHours(1);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private LabCertificates() {
    }

    /** A certificate with its private key. */
    public record Issued(X509Certificate certificate, PrivateKey privateKey) {
        /** The certificate as a PEM {@code CERTIFICATE} block. */
        public String certificatePem() {
            return pem(certificate);
        }

        /** The private key as an unencrypted PKCS#8 PEM {@code PRIVATE KEY} block; keep it in a 0600 file. */
        public String privateKeyPem() {
            try {
                return pem(new JcaPKCS8Generator(privateKey, null).generate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal() + ", until " + certificate.getNotAfter().toInstant() + "]";
        }
    }

    /**
     * A new self-signed lab CA, valid {@link #CA_VALIDITY} from {@code now}: may sign server certificates only
     * (path length 0).
     */
    public static Issued newCa(String labName, Instant now) {
        requireName(labName);
        KeyPair keys = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, labName + " CA")
                .addRDN(BCStyle.O, labName)
                .build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new Issued(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A server certificate signed by {@code ca}, valid {@link #SERVER_VALIDITY} from {@code now} (never past the
     * CA's own end), for TLS servers only ({@code serverAuth}), naming each host name and IP address as a subject
     * alternative name, the only names clients check.
     *
     * @param dnsNames    host names such as {@code gw.lab.local}
     * @param ipAddresses literal IPv4 or IPv6 addresses such as {@code 192.168.1.10}
     * @throws IllegalArgumentException when there is no name at all, or one is not a host name or address
     */
    public static Issued serverCertificate(Issued ca, List<String> dnsNames, List<String> ipAddresses, Instant now) {
        List<GeneralName> names = new ArrayList<>();
        for (String dns : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, requireHostName(dns)));
        }
        for (String ip : ipAddresses) {
            names.add(new GeneralName(GeneralName.iPAddress, requireAddress(ip)));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host name or IP address");
        }
        String commonName = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
        KeyPair keys = newKeyPair();
        Instant end = now.plus(SERVER_VALIDITY);
        Instant caEnd = ca.certificate().getNotAfter().toInstant();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(end.isAfter(caEnd) ? caEnd : end),
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build(), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(ca.certificate()));
            return new Issued(sign(builder, ca.privateKey()), keys.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the server certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a certificate and its private key back from PEM text (as {@link Issued#certificatePem()} and
     * {@link Issued#privateKeyPem()} write them, or as OpenSSL and certbot write them: PKCS#8, SEC 1 or PKCS#1). Only
     * the first certificate is read; a chain may follow it.
     *
     * @throws IllegalArgumentException when either is not PEM of the expected kind, or the key does not belong to
     *                                  the certificate
     */
    public static Issued read(String certificatePem, String privateKeyPem) {
        X509Certificate certificate = readCertificate(certificatePem);
        Object key = parse(privateKeyPem, "private key");
        PrivateKey privateKey;
        try {
            if (key instanceof PrivateKeyInfo info) {
                privateKey = new JcaPEMKeyConverter().getPrivateKey(info);
            } else if (key instanceof PEMKeyPair pair) {
                privateKey = new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
            } else {
                throw new IllegalArgumentException("private key: not an unencrypted 'PRIVATE KEY', 'EC PRIVATE KEY' or "
                        + "'RSA PRIVATE KEY' PEM block");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("private key: " + e.getMessage(), e);
        }
        if (!matches(certificate.getPublicKey(), privateKey)) {
            throw new IllegalArgumentException("private key: does not belong to the certificate "
                    + certificate.getSubjectX500Principal());
        }
        return new Issued(certificate, privateKey);
    }

    /** The first certificate of PEM text. */
    public static X509Certificate readCertificate(String pem) {
        Object parsed = parse(pem, "certificate");
        if (!(parsed instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("certificate: not a PEM 'CERTIFICATE' block");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate: " + e.getMessage(), e);
        }
    }

    private static Object parse(String pem, String what) {
        try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
            Object object = parser.readObject();
            if (object == null) {
                throw new IllegalArgumentException(what + ": no PEM block found");
            }
            return object;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": not readable PEM: " + e.getMessage(), e);
        }
    }

    /** Signing and verifying a probe proves the pair without comparing key encodings of different providers. */
    private static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
        try {
            String algorithm = publicKey.getAlgorithm().equals("EC") ? SIGNATURE : "SHA256with" + publicKey.getAlgorithm();
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            byte[] probe = "fablab".getBytes(StandardCharsets.US_ASCII);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        try {
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKey));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available in this JVM", e);
        }
    }

    /** Positive, 159 random bits: unique without a counter to keep, as CA/Browser rules ask (at least 64 bits). */
    private static BigInteger serial() {
        return new BigInteger(159, RANDOM).setBit(0);
    }

    private static void requireName(String labName) {
        if (labName == null || labName.isBlank() || labName.length() > 60) {
            throw new IllegalArgumentException("the lab name must be 1 to 60 characters");
        }
    }

    private static String requireHostName(String dns) {
        String name = dns == null ? "" : dns.trim().toLowerCase(Locale.ROOT);
        if (!name.matches("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
                || name.length() > 253) {
            throw new IllegalArgumentException("'" + dns + "' is not a host name (e.g. gw.lab.local)");
        }
        return name;
    }

    private static String requireAddress(String ip) {
        String text = ip == null ? "" : ip.trim();
        boolean ipv4 = text.matches("(\\d{1,3}\\.){3}\\d{1,3}")
                && Arrays.stream(text.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        // a colon makes InetAddress parse an IPv6 literal and never ask the DNS
        boolean ipv6 = text.contains(":") && text.matches("[0-9a-fA-F.:]+");
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException("'" + ip + "' is not an IP address (e.g. 192.168.1.10 or fd00::10)");
        }
        try {
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + ip + "' is not an IP address (e.g. 192.168.1.10 or fd00::10)", e);
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

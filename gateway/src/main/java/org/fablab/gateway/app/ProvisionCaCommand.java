package org.fablab.gateway.app;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.fablab.provision.LabCertificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fablab provision ca}: the lab's certificate authority and a server certificate for the gateway's HTTPS and
 * the brokers' TLS listeners ({@code docs/tls.md}). With {@code --server-only} it issues another server certificate
 * from the CA already in {@code --out}.
 */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = "Make the lab CA (ca.pem, ca.key) and a server certificate (server.pem, server.key).")
final class ProvisionCaCommand implements Callable<Integer> {
    static final String CA_CERT = "ca.pem";
    static final String CA_KEY = "ca.key";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Folder for the files (made if missing).")
    Path out;

    @Option(names = "--name", description = "The lab's name, shown in the CA certificate (not with --server-only).")
    String labName;

    @Option(names = "--host", description = "A host name the server is reached by (repeatable), e.g. gw.lab.local.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--ip", description = "An IP address the server is reached by (repeatable), e.g. 192.168.1.10.")
    List<String> addresses = new ArrayList<>();

    @Option(names = "--server-only", description = "Keep the CA in --out and issue a new server certificate from it.")
    boolean serverOnly;

    @Option(names = "--cert-name", defaultValue = "server",
            description = "File name of the server certificate without .pem/.key (default: ${DEFAULT-VALUE}).")
    String certName;

    @Option(names = "--force", description = "Replace an existing CA: every certificate it issued stops being trusted.")
    boolean force;

    private final Clock clock;

    ProvisionCaCommand() {
        this(Clock.systemUTC());
    }

    ProvisionCaCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        if (!certName.matches("[a-z0-9][a-z0-9-]{0,62}") || certName.equals("ca")) {
            throw usage("--cert-name: '" + certName + "' must match [a-z0-9][a-z0-9-]{0,62} and not be 'ca'");
        }
        LabCertificates.Issued ca = serverOnly ? existingCa() : newCa();
        LabCertificates.Issued server;
        try {
            server = LabCertificates.serverCertificate(ca, hosts, addresses, clock.instant());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage() + " (give --host and/or --ip)");
        }
        if (!serverOnly) {
            writeCa(ca);
        }
        SecretFiles.write(out.resolve(certName + ".key"), server.privateKeyPem(), SecretFiles.PRIVATE, true);
        SecretFiles.write(out.resolve(certName + ".pem"), server.certificatePem() + ca.certificatePem(),
                SecretFiles.PUBLIC, true);
        var text = spec.commandLine().getOut();
        if (!serverOnly) {
            text.printf("lab CA written: %s (give it to nodes and browsers), %s (0600: keep it offline)%n",
                    out.resolve(CA_CERT), out.resolve(CA_KEY));
        }
        text.printf("server certificate written: %s (with the CA after it), %s (0600), valid until %s for %s%n",
                out.resolve(certName + ".pem"), out.resolve(certName + ".key"),
                server.certificate().getNotAfter().toInstant(), String.join(", ", names()));
        text.printf("CA fingerprint (SHA-256): %s%n", fingerprint(ca));
        return 0;
    }

    private LabCertificates.Issued newCa() throws IOException {
        if (labName == null || labName.isBlank()) {
            throw usage("--name: the lab's name is required to make a CA");
        }
        if (!force && (Files.exists(out.resolve(CA_CERT)) || Files.exists(out.resolve(CA_KEY)))) {
            throw usage(out.resolve(CA_CERT) + " already exists: use --server-only to issue a server certificate from "
                    + "it, or --force to replace the CA (nodes pinned to the old one will refuse the new certificates)");
        }
        try {
            return LabCertificates.newCa(labName, clock.instant());
        } catch (IllegalArgumentException e) {
            throw usage("--name: " + e.getMessage());
        }
    }

    /** Written only once the server certificate could be made, so bad names leave nothing behind. */
    private void writeCa(LabCertificates.Issued ca) throws IOException {
        Files.createDirectories(out);
        try {
            SecretFiles.write(out.resolve(CA_KEY), ca.privateKeyPem(), SecretFiles.PRIVATE, force);
            SecretFiles.write(out.resolve(CA_CERT), ca.certificatePem(), SecretFiles.PUBLIC, force);
        } catch (FileAlreadyExistsException e) {
            throw usage(e.getFile() + " appeared meanwhile: not replaced; run again");
        }
    }

    private LabCertificates.Issued existingCa() throws IOException {
        if (labName != null) {
            throw usage("--name: not with --server-only (the CA keeps its name)");
        }
        try {
            return LabCertificates.read(Files.readString(out.resolve(CA_CERT)), Files.readString(out.resolve(CA_KEY)));
        } catch (NoSuchFileException e) {
            throw usage(e.getFile() + " does not exist: make the CA first (without --server-only)");
        } catch (IllegalArgumentException e) {
            throw usage(out.resolve(CA_CERT) + " / " + CA_KEY + ": " + e.getMessage());
        }
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(hosts);
        names.addAll(addresses);
        return names;
    }

    static String fingerprint(LabCertificates.Issued ca) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ca.certificate().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

package org.fablab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabCertificatesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final LabCertificates.Issued CA = LabCertificates.newCa("Fablab Centre", NOW);

    @Test
    void theCaIsSelfSignedLongLivedAndMayOnlySignServerCertificates() throws Exception {
        X509Certificate ca = CA.certificate();
        ca.verify(ca.getPublicKey());
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("O=Fablab Centre,CN=Fablab Centre CA");
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(ca.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(ca.getNotAfter().toInstant()).isEqualTo(NOW.plus(LabCertificates.CA_VALIDITY));
        assertThat(ca.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void aServerCertificateVerifiesAgainstTheCaAndNamesEveryHostAndAddress() throws Exception {
        LabCertificates.Issued server = LabCertificates.serverCertificate(CA, List.of("gw.lab.local", "Broker.Lab.Local"),
                List.of("192.168.1.10", "fd00::10"), NOW);
        X509Certificate cert = server.certificate();

        cert.verify(CA.certificate().getPublicKey());
        cert.checkValidity(Date.from(NOW));
        assertThat(cert.getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=gw.lab.local");
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "gw.lab.local"), List.of(2, "broker.lab.local"), List.of(7, "192.168.1.10"),
                List.of(7, "fd00:0:0:0:0:0:0:10"));
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(LabCertificates.SERVER_VALIDITY));
    }

    @Test
    void aServerCertificateDoesNotVerifyAgainstAnotherCa() {
        LabCertificates.Issued other = LabCertificates.newCa("Other Lab", NOW);
        X509Certificate cert = LabCertificates.serverCertificate(CA, List.of("gw.lab.local"), List.of(), NOW).certificate();

        assertThatThrownBy(() -> cert.verify(other.certificate().getPublicKey())).isInstanceOf(SignatureException.class);
    }

    @Test
    void aServerCertificateNeverOutlivesItsCa() {
        Instant late = NOW.plus(LabCertificates.CA_VALIDITY).minus(LabCertificates.SERVER_VALIDITY.dividedBy(2));

        X509Certificate cert = LabCertificates.serverCertificate(CA, List.of("gw.lab.local"), List.of(), late).certificate();

        assertThat(cert.getNotAfter()).isEqualTo(CA.certificate().getNotAfter());
    }

    @Test
    void pemTextReadsBackToTheSameCertificateAndKey() {
        String certificatePem = CA.certificatePem();
        String keyPem = CA.privateKeyPem();

        LabCertificates.Issued read = LabCertificates.read(certificatePem, keyPem);

        assertThat(certificatePem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(read.certificate()).isEqualTo(CA.certificate());
        assertThat(read.privateKey().getEncoded()).isEqualTo(CA.privateKey().getEncoded());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        LabCertificates.Issued other = LabCertificates.newCa("Other Lab", NOW);

        assertThatThrownBy(() -> LabCertificates.read(CA.certificatePem(), other.privateKeyPem()))
                .hasMessageStartingWith("private key: does not belong to the certificate");
        assertThatThrownBy(() -> LabCertificates.read(CA.certificatePem(), CA.certificatePem()))
                .hasMessageStartingWith("private key: not an unencrypted 'PRIVATE KEY'");
        assertThatThrownBy(() -> LabCertificates.read("junk", CA.privateKeyPem()))
                .hasMessageStartingWith("certificate: no PEM block found");
    }

    @Test
    void badNamesAreRefused() {
        assertThatThrownBy(() -> LabCertificates.serverCertificate(CA, List.of(), List.of(), NOW))
                .hasMessageContaining("at least one host name or IP address");
        assertThatThrownBy(() -> LabCertificates.serverCertificate(CA, List.of("gw lab"), List.of(), NOW))
                .hasMessage("'gw lab' is not a host name (e.g. gw.lab.local)");
        assertThatThrownBy(() -> LabCertificates.serverCertificate(CA, List.of(), List.of("300.1.1.1"), NOW))
                .hasMessageStartingWith("'300.1.1.1' is not an IP address");
        assertThatThrownBy(() -> LabCertificates.serverCertificate(CA, List.of(), List.of("gw.lab.local"), NOW))
                .hasMessageStartingWith("'gw.lab.local' is not an IP address");
        assertThatThrownBy(() -> LabCertificates.newCa(" ", NOW)).hasMessageContaining("lab name");
    }
}

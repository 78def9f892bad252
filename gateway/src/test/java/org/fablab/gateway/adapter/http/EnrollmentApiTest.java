package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.AuditLog;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.KeyRotation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enrollment over HTTP: an admin creates it, a node with no login redeems it once, then rotates its key. */
class EnrollmentApiTest {
    @TempDir
    Path folder;
    private ApiHarness harness;

    @BeforeEach
    void start() {
        harness = new ApiHarness(folder);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private JsonNode createEnrollment() {
        ApiHarness.Response created = harness.browser(Role.ADMIN).post("/api/v1/enrollments",
                "{\"nodeId\":\"drill-1\",\"machineId\":\"laser-1\",\"ttlMinutes\":10}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private static String redeemBody(String token, KeyPair key) {
        return "{\"token\":\"" + token + "\",\"publicKey\":\"" + Ed25519Keys.encode(key.getPublic())
                + "\",\"softwareVersion\":\"0.1.0\"}";
    }

    @Test
    void anAdminCreatesAnEnrollment_andGetsItsTokenOnce_asTextAndQrCode() {
        JsonNode created = createEnrollment();

        assertThat(created.get("nodeId").asText()).isEqualTo("drill-1");
        assertThat(created.get("machineId").asText()).isEqualTo("laser-1");
        assertThat(created.get("token").asText()).matches("[A-Za-z0-9_-]{27}");
        assertThat(Instant.parse(created.get("expiresAt").asText())).isAfter(Instant.now().plusSeconds(9 * 60));
        assertThat(created.get("qrSvg").asText()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .doesNotContain(created.get("token").asText());
        ApiHarness.Response open = harness.browser(Role.ADMIN).get("/api/v1/enrollments");
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.json()).hasSize(1);
        assertThat(open.json().get(0).get("nodeId").asText()).isEqualTo("drill-1");
        assertThat(open.body()).doesNotContain(created.get("token").asText()).doesNotContain("token");
    }

    @Test
    void onlyAdminsManageEnrollments() {
        String body = "{\"nodeId\":\"drill-1\",\"machineId\":\"laser-1\"}";
        assertThat(harness.anonymous().post("/api/v1/enrollments", body).status()).isEqualTo(401);
        assertThat(harness.browser(Role.FABMANAGER).post("/api/v1/enrollments", body).status()).isEqualTo(403);
        assertThat(harness.browser(Role.FABMANAGER).get("/api/v1/enrollments").status()).isEqualTo(403);
        assertThat(harness.browser(Role.ADMIN).post("/api/v1/enrollments",
                "{\"nodeId\":\"drill-1\",\"machineId\":\"laser-1\",\"ttlMinutes\":2000}").json().get("field").asText())
                .isEqualTo("ttlMinutes");
    }

    @Test
    void aNodeRedeemsItsTokenWithoutLogin_once_andAReuseIsA401ProblemNamingWhy() {
        String token = createEnrollment().get("token").asText();
        KeyPair key = Ed25519Keys.generate();

        ApiHarness.Response enrolled = harness.anonymous().post("/api/v1/enroll", redeemBody(token, key));
        ApiHarness.Response again = harness.anonymous().post("/api/v1/enroll", redeemBody(token, Ed25519Keys.generate()));
        ApiHarness.Response wrong = harness.anonymous().post("/api/v1/enroll",
                redeemBody("x" + token.substring(1), Ed25519Keys.generate()));

        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
        JsonNode grant = enrolled.json();
        assertThat(grant.get("lab").asText()).isEqualTo("test-lab");
        assertThat(grant.get("nodeId").asText()).isEqualTo("drill-1");
        assertThat(grant.get("machineId").asText()).isEqualTo("laser-1");
        assertThat(grant.get("brokerUrl").asText()).isEqualTo("ssl://gateway.test:8883");
        assertThat(grant.get("mqttUsername").asText()).isEqualTo("drill-1");
        assertThat(grant.get("mqttPassword").asText()).isEqualTo(harness.brokers.passwords().get("drill-1"));
        assertThat(grant.get("gatewayPublicKey").asText()).isEqualTo(ApiHarness.GATEWAY_PUBLIC_KEY);
        assertThat(grant.get("labPepper").asText()).isEqualTo("00".repeat(16));
        assertThat(grant.get("networkPepper").asText()).isEqualTo(HexFormat.of().formatHex(ApiHarness.NETWORK_PEPPER));
        assertThat(grant.get("caCertificate").isNull()).isTrue();
        assertThat(grant.get("fingerprint").asText()).isEqualTo(Ed25519Keys.fingerprint(key.getPublic()));
        assertThat(harness.activation.activeKey("drill-1")).contains(Ed25519Keys.encode(key.getPublic()));

        assertThat(again.status()).isEqualTo(401);
        assertThat(again.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(again.json().get("detail").asText()).contains("already used");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail").asText()).contains("unknown enrollment token");
        assertThat(harness.browser(Role.ADMIN).get("/api/v1/enrollments").json()).isEmpty();
        assertThat(new org.fablab.gateway.adapter.jdbc.JdbcAuditLog(harness.dataSource()).entries(
                new AuditLog.Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), 0, 100).entries().stream().map(AuditLog.Line::entry).toList())
                .extracting(AuditEntry::action).contains("enrollment.created", "enrollment.redeemed")
                .filteredOn("enrollment.refused"::equals).hasSize(2);
    }

    @Test
    void aBadPublicKeyIsA400_andDoesNotSpendTheToken() {
        String token = createEnrollment().get("token").asText();

        ApiHarness.Response bad = harness.anonymous().post("/api/v1/enroll",
                "{\"token\":\"" + token + "\",\"publicKey\":\"AAAA\"}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(harness.anonymous().post("/api/v1/enroll", redeemBody(token, Ed25519Keys.generate())).status())
                .isEqualTo(200);
    }

    @Test
    void aNodeRotatesItsKey_signedByTheCurrentKey_andTheSameRequestReplayedIsRefused() {
        KeyPair first = Ed25519Keys.generate();
        harness.anonymous().post("/api/v1/enroll", redeemBody(createEnrollment().get("token").asText(), first));
        KeyPair second = Ed25519Keys.generate();
        Instant ts = Instant.now();
        String newKey = Ed25519Keys.encode(second.getPublic());
        String body = "{\"publicKey\":\"" + newKey + "\",\"ts\":\"" + ts + "\",\"signature\":\""
                + KeyRotation.sign(first.getPrivate(), "test-lab", "drill-1", newKey, ts) + "\"}";

        ApiHarness.Response rotated = harness.anonymous().post("/api/v1/nodes/drill-1/key", body);
        ApiHarness.Response replayed = harness.anonymous().post("/api/v1/nodes/drill-1/key", body);

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.json().get("fingerprint").asText()).isEqualTo(Ed25519Keys.fingerprint(second.getPublic()));
        assertThat(harness.activation.activeKey("drill-1")).contains(newKey);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.json().get("detail").asText()).contains("signature");
        assertThat(harness.anonymous().post("/api/v1/nodes/drill-1/key", "{\"publicKey\":\"" + newKey
                + "\",\"ts\":\"yesterday\",\"signature\":\"AA\"}").json().get("field").asText()).isEqualTo("ts");
    }
}

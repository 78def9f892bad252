package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Machines and nodes managed through the API: rights, refusals that write nothing, audit, and the live key ring. */
class RegistryApiTest {
    @TempDir
    Path folder;
    private ApiHarness api;

    @BeforeEach
    void start() {
        api = new ApiHarness(folder);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void adminCreatesAMachine_itIsOnTheBoardAndTheCreationIsAudited() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);

        ApiHarness.Response created = admin.post("/api/v1/machines",
                "{\"id\":\"printer-9\",\"name\":\"Prusa MK4\",\"kind\":\"3d-printer\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("Prusa MK4");
        assertThat(admin.get("/api/v1/machines").json()).anySatisfy(card ->
                assertThat(card.toString()).contains("printer-9"));
        assertThat(admin.get("/api/v1/audit?machine=printer-9").json().get("entries")).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("machine.created");
            assertThat(entry.get("actor").asText()).isEqualTo("admin");
        });
    }

    @Test
    void fabmanagerReadsTheRegistry_butOnlyAnAdminChangesIt_andAMakerReadsNothing() {
        ApiHarness.Client manager = api.browser(Role.FABMANAGER);
        ApiHarness.Client maker = api.browser(Role.MAKER);

        assertThat(manager.get("/api/v1/registry/nodes").status()).isEqualTo(200);
        assertThat(manager.get("/api/v1/registry/machines").status()).isEqualTo(200);
        assertThat(manager.get("/api/v1/nodes/laser-1/keys").status()).isEqualTo(200);
        assertThat(manager.post("/api/v1/machines", "{\"id\":\"x-1\",\"name\":\"X\",\"kind\":\"laser-cutter\"}")
                .status()).isEqualTo(403);
        assertThat(manager.post("/api/v1/nodes/laser-1/retire", "{}").status()).isEqualTo(403);
        assertThat(manager.patch("/api/v1/nodes/laser-1", "{\"maxStaleness\":\"PT1H\"}").status()).isEqualTo(403);
        assertThat(maker.get("/api/v1/registry/nodes").status()).isEqualTo(403);
        assertThat(maker.get("/api/v1/nodes/laser-1/keys").status()).isEqualTo(403);
        assertThat(api.registry.machines()).hasSize(1);
        assertThat(api.revoked).isEmpty();
    }

    @Test
    void badBodies_areRefusedNamingTheField_andWriteNothing() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);

        assertProblem(admin.post("/api/v1/machines", "{\"id\":\"Laser 2\",\"name\":\"L\",\"kind\":\"laser-cutter\"}"),
                400, "id must be lower-case");
        assertProblem(admin.post("/api/v1/machines", "{\"id\":\"laser-2\",\"kind\":\"laser-cutter\"}"), 400,
                "name is required");
        assertProblem(admin.post("/api/v1/machines", "{\"id\":\"laser-2\",\"name\":\"L\",\"kind\":\"laser\","
                + "\"price\":1}"), 400, "unknown field 'price'");
        assertProblem(admin.post("/api/v1/machines", "{\"id\":\"laser-1\",\"name\":\"L\",\"kind\":\"laser-cutter\"}"),
                409, "machine laser-1 exists already");
        assertProblem(admin.post("/api/v1/nodes", "{\"id\":\"n-2\",\"machineId\":\"laser-1\",\"maxStaleness\":\"P30D\"}"),
                400, "at most 7 days");
        assertProblem(admin.post("/api/v1/nodes", "{\"id\":\"n-2\",\"machineId\":\"laser-1\",\"offlinePolicy\":\"open\"}"),
                400, "is not one of");
        assertProblem(admin.post("/api/v1/nodes", "{\"id\":\"n-2\",\"machineId\":\"nowhere\"}"), 404,
                "no machine nowhere");
        assertProblem(admin.patch("/api/v1/machines/laser-1", "{}"), 400, "nothing to change");
        assertProblem(admin.post("/api/v1/machines/laser-1/retire", "{}"), 409, "still has node laser-1");

        assertThat(api.registry.machines()).hasSize(1);
        assertThat(api.registry.nodes()).hasSize(1);
        assertThat(admin.get("/api/v1/audit?machine=laser-1").json().get("entries")).noneSatisfy(entry ->
                assertThat(entry.get("action").asText()).startsWith("machine."));
    }

    @Test
    void rotatedKey_replacesTheOldOne_andARetiredNodeIsRefusedAsUnknownAndShutOut() {
        ApiHarness.Client admin = api.browser(Role.ADMIN);
        assertThat(admin.post("/api/v1/machines", "{\"id\":\"printer-2\",\"name\":\"Printer\",\"kind\":\"3d-printer\"}")
                .status()).isEqualTo(201);
        JsonNode pending = admin.post("/api/v1/nodes", "{\"id\":\"printer-2\",\"machineId\":\"printer-2\","
                + "\"offlinePolicy\":\"cached\",\"maxStaleness\":\"PT24H\"}").json();
        assertThat(pending.get("state").asText()).isEqualTo("pending");
        Verifier verifier = new Verifier(api.keyRing, Clock.systemUTC(), Verifier.Limits.DEFAULT);
        KeyPair first = Ed25519Keys.generate();
        KeyPair second = Ed25519Keys.generate();
        assertThat(rejection(verifier, first)).isEqualTo(Rejection.UNKNOWN_NODE);

        api.registry.activate("printer-2", Ed25519Keys.encode(first.getPublic()), "enrollment");
        assertThat(verifier.verify(topic(), status(first))).isInstanceOf(Inbound.Accepted.class);
        JsonNode changed = admin.patch("/api/v1/nodes/printer-2", "{\"maxStaleness\":\"PT12H\"}").json();
        assertThat(changed.get("fingerprint").asText()).isEqualTo(Ed25519Keys.fingerprint(first.getPublic()));
        assertThat(changed.get("maxStaleness").asText()).isEqualTo("PT12H");
        api.registry.activate("printer-2", Ed25519Keys.encode(second.getPublic()), "enrollment");

        assertThat(rejection(verifier, first)).isEqualTo(Rejection.BAD_SIGNATURE);
        assertThat(verifier.verify(topic(), status(second))).isInstanceOf(Inbound.Accepted.class);
        JsonNode keys = admin.get("/api/v1/nodes/printer-2/keys").json();
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).get("fingerprint").asText()).isEqualTo(Ed25519Keys.fingerprint(first.getPublic()));
        assertThat(keys.get(0).get("validUntil").isNull()).isFalse();
        assertThat(keys.get(1).get("validUntil").isNull()).isTrue();

        ApiHarness.Response retired = admin.post("/api/v1/nodes/printer-2/retire", "{\"reason\":\"stolen\"}");

        assertThat(retired.status()).isEqualTo(200);
        assertThat(retired.json().get("state").asText()).isEqualTo("retired");
        assertThat(rejection(verifier, second)).isEqualTo(Rejection.UNKNOWN_NODE);
        assertThat(api.revoked).containsExactly("printer-2");
        assertThat(api.cleared).containsExactly("printer-2");
        assertThat(admin.get("/api/v1/nodes").json()).noneSatisfy(node ->
                assertThat(node.get("nodeId").asText()).isEqualTo("printer-2"));
        assertThat(admin.get("/api/v1/audit?machine=printer-2").json().get("entries")).extracting(e -> e.get("action").asText())
                .contains("node.created", "node.activated", "node.updated", "node.key-rotated", "node.retired");
        assertProblem(admin.post("/api/v1/machines/printer-2/retire", "{}"), 200, null);
    }

    @Test
    void registryNodes_showStateFingerprintAndWhatTheNodeLastSaid() {
        api.registry.seen("laser-1", Instant.parse("2026-12-01T10:00:00Z"), "fablab-node 1.4.0");

        JsonNode node = api.browser(Role.FABMANAGER).get("/api/v1/registry/nodes").json().get(0);

        assertThat(node.get("id").asText()).isEqualTo("laser-1");
        assertThat(node.get("state").asText()).isEqualTo("active");
        assertThat(node.get("fingerprint").asText()).isNotBlank();
        assertThat(node.get("software").asText()).isEqualTo("fablab-node 1.4.0");
        assertThat(node.get("lastSeenAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(node.get("aclStale").asBoolean()).isTrue();
    }

    private static void assertProblem(ApiHarness.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        if (detail != null) {
            assertThat(response.json().get("detail").asText()).contains(detail);
        }
    }

    private static String topic() {
        return "fablab/v1/test-lab/nodes/printer-2/status";
    }

    private static byte[] status(KeyPair key) {
        return new Signer(key.getPrivate()).sign(NodeStatus.online("test-lab", "printer-2", Instant.now(),
                MachineState.IDLE, null, "1.0"));
    }

    private static Rejection rejection(Verifier verifier, KeyPair key) {
        Inbound inbound = verifier.verify(topic(), status(key));
        assertThat(inbound).isInstanceOf(Inbound.Rejected.class);
        return ((Inbound.Rejected) inbound).reason();
    }
}

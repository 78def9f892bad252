package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;
import org.fablab.gateway.access.BadgeStatus;
import org.fablab.gateway.access.MachineAvailability;
import org.fablab.gateway.domain.Badge;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.CredentialId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/me/machines}: a maker learns, per machine, whether they may use it, and if not the first rule
 * that stops them, by the same rules as the node's badge list. The harness's laser needs the laser-safety training.
 */
class MyMachinesApiTest {
    private static final Principal MANAGER = new Principal("test", Role.FABMANAGER, null, "test");

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

    private JsonNode laserFor(ApiHarness.Client client) {
        ApiHarness.Response response = client.get("/api/v1/me/machines");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).hasSize(1);
        JsonNode laser = response.json().get(0);
        assertThat(laser.get("machineId").asText()).isEqualTo("laser-1");
        return laser;
    }

    @Test
    void aMaker_withoutBadge_thenUntrained_thenTrained_thenOnABlockedMachine_isToldEachTime() {
        ApiHarness.Client maker = api.browser(Role.MAKER);
        JsonNode noBadge = laserFor(maker);
        assertThat(noBadge.get("mayUse").asBoolean()).isFalse();
        assertThat(noBadge.get("reason").asText()).isEqualTo("unknown-badge");

        api.access.enroll(MANAGER, "m-maker", CredentialId.of("mifare-uid", "04A1B2C3D4E5F6"), Optional.empty());
        assertThat(laserFor(maker).get("reason").asText()).isEqualTo("training-missing");

        api.access.grant(MANAGER, "m-maker", "laser-safety", Optional.empty(), Optional.empty());
        JsonNode trained = laserFor(maker);
        assertThat(trained.get("mayUse").asBoolean()).isTrue();
        assertThat(trained.has("reason")).isFalse();

        api.access.setAvailability(MANAGER, "laser-1", MachineAvailability.BLOCKED, "lens cracked");
        JsonNode blocked = laserFor(maker);
        assertThat(blocked.get("mayUse").asBoolean()).isFalse();
        assertThat(blocked.get("reason").asText()).isEqualTo("machine-blocked");
    }

    @Test
    void aLostBadge_besideAnActiveOne_doesNotStopTheMember_butAloneItIsTheReason() {
        api.access.grant(MANAGER, "m-maker", "laser-safety", Optional.empty(), Optional.empty());
        Badge lost = api.access.enroll(MANAGER, "m-maker", CredentialId.of("mifare-uid", "04A1B2C3D4E5F6"),
                Optional.empty());
        api.access.setBadgeStatus(MANAGER, "m-maker", lost.id(), BadgeStatus.LOST, "left on the bus");
        ApiHarness.Client maker = api.browser(Role.MAKER);
        assertThat(laserFor(maker).get("reason").asText()).isEqualTo("badge-lost");

        api.access.enroll(MANAGER, "m-maker", CredentialId.of("mifare-uid", "04B2C3D4E5F607"), Optional.empty());

        assertThat(laserFor(maker).get("mayUse").asBoolean()).isTrue();
    }

    @Test
    void eachAccount_hearsAboutItsOwnMemberOnly_andAVisitorIsRefused() {
        api.access.enroll(MANAGER, "m-trainer", CredentialId.of("mifare-uid", "04C3D4E5F60718"), Optional.empty());
        api.access.grant(MANAGER, "m-trainer", "laser-safety", Optional.empty(), Optional.empty());

        assertThat(laserFor(api.browser(Role.TRAINER)).get("mayUse").asBoolean()).isTrue();
        assertThat(laserFor(api.browser(Role.MAKER)).get("mayUse").asBoolean()).isFalse();
        assertThat(api.anonymous().get("/api/v1/me/machines").status()).isEqualTo(401);
    }

    @Test
    void anAccountThatIsNoMembers_usesNoMachine() {
        api.auth.createAccount("test", "installer", ApiHarness.PASSWORD, Role.ADMIN, null);
        ApiHarness.Client installer = api.anonymous();
        assertThat(installer.post("/api/v1/login", "{\"username\":\"installer\",\"password\":\""
                + ApiHarness.PASSWORD + "\"}").status()).isEqualTo(200);

        ApiHarness.Response response = installer.get("/api/v1/me/machines");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEmpty();
    }
}

package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.fablab.gateway.domain.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node list shows each node's ACL against its limit; a machine whose node is not online is not "available". */
class NodesApiTest {
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
    void nodeList_showsThePolicyTheLimitAndWhenTheGatewayPublishedAndWillRenew() {
        ApiHarness.Client manager = api.browser(Role.FABMANAGER);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !manager.get("/api/v1/nodes").json().get(0).get("aclPublishedAt").isNull());

        JsonNode laser = manager.get("/api/v1/nodes").json().get(0);

        assertThat(laser.get("nodeId").asText()).isEqualTo("laser-1");
        assertThat(laser.get("mode").asText()).isEqualTo("normal");
        assertThat(laser.get("machineId").asText()).isEqualTo("laser-1");
        assertThat(laser.get("offlinePolicy").asText()).isEqualTo("fail-closed");
        assertThat(laser.get("maxStaleness").asText()).isEqualTo("PT15M");
        assertThat(laser.get("online").asBoolean()).isFalse();
        assertThat(laser.get("aclIssuedAt").isNull()).as("the node never reported an ACL").isTrue();
        assertThat(laser.get("aclAgeSeconds").isNull()).isTrue();
        assertThat(laser.get("aclStale").asBoolean()).isTrue();
        Instant published = Instant.parse(laser.get("aclPublishedAt").asText());
        assertThat(Duration.between(published, Instant.parse(laser.get("aclNextRenewal").asText())))
                .isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
    }

    @Test
    void machineSetAvailable_whoseNodeIsOffline_readsOffline() {
        JsonNode laser = api.browser(Role.MAKER).get("/api/v1/machines").json().get(0);

        assertThat(laser.get("nodeOnline").asBoolean()).isFalse();
        assertThat(laser.get("availability").asText()).isEqualTo("offline");
    }
}

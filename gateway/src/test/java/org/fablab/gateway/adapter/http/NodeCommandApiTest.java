package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.Command;
import org.fablab.protocol.CommandAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** POST /api/v1/nodes/{id}/commands: what is sent to the node, what is refused, and the audit line. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeCommandApiTest {
    @TempDir
    static Path folder;
    private ApiHarness api;
    private ApiHarness.Client manager;

    @BeforeAll
    void start() {
        api = new ApiHarness(folder);
        manager = api.browser(Role.FABMANAGER);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void forceOff_withAReason_isSentToTheNode_answers202WithItsId_andIsAuditedWithWhoAndWhy() {
        ApiHarness.Response response = manager.post("/api/v1/nodes/laser-1/commands",
                "{\"action\":\"force-off\",\"reason\":\"smoke from the bed\"}");

        assertThat(response.status()).isEqualTo(202);
        String id = response.json().get("id").asText();
        Command sent = api.commands.get(api.commands.size() - 1);
        assertThat(sent.id()).isEqualTo(id);
        assertThat(sent.node()).isEqualTo("laser-1");
        assertThat(sent.action()).isEqualTo(CommandAction.FORCE_OFF);
        assertThat(sent.args()).isEqualTo(Map.of("reason", "smoke from the bed"));
        assertThat(manager.get("/api/v1/audit?machine=laser-1").json()).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("node.command");
            assertThat(entry.get("actor").asText()).isEqualTo("fabmanager");
            assertThat(entry.get("reason").asText()).isEqualTo("smoke from the bed");
            assertThat(entry.get("detail").asText()).isEqualTo(id + " force-off");
        });
    }

    @Test
    void setState_carriesTheStateToTheNode() {
        ApiHarness.Response response = manager.post("/api/v1/nodes/laser-1/commands",
                "{\"action\":\"set-state\",\"state\":\"out-of-service\",\"reason\":\"tube replaced\"}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(api.commands.get(api.commands.size() - 1).args())
                .isEqualTo(Map.of("state", "out-of-service", "reason", "tube replaced"));
    }

    @ParameterizedTest(name = "{0} -> field {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"action\":\"force-off\"}                          | reason",
            "{\"action\":\"force-off\",\"reason\":\"  \"}        | reason",
            "{\"action\":\"explode\"}                            | action",
            "{\"reason\":\"x\"}                                  | action",
            "{\"action\":\"set-state\"}                          | state",
            "{\"action\":\"set-state\",\"state\":\"active\"}     | state",
            "{\"action\":\"lock\",\"state\":\"idle\"}            | state",
            "{\"action\":\"lock\",\"delay\":5}                   | delay"})
    void aBadCommand_is400NamingTheField_andNothingIsSent(String body, String field) {
        int before = api.commands.size();

        ApiHarness.Response response = manager.post("/api/v1/nodes/laser-1/commands", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
        assertThat(api.commands).hasSize(before);
    }

    @Test
    void anUnknownNode_is404() {
        assertThat(manager.post("/api/v1/nodes/no-such-node/commands", "{\"action\":\"identify\"}").status())
                .isEqualTo(404);
    }
}

package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.Command;
import org.fablab.protocol.CommandAction;
import org.fablab.protocol.CredentialHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad bodies get a 400 naming the field and change nothing; hostile text is stored as typed; a badge typed at
 * enrolment hashes as the node hashes the same card read by its reader (docs/protocol.md §5.1). Node commands: what
 * is sent to the node, what is refused, and the audit line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiInputTest {
    @TempDir
    static Path folder;
    private ApiHarness api;
    private ApiHarness.Client manager;
    /** The harness's lab pepper. */
    private static final CredentialHasher NODE_HASHER = new CredentialHasher(new byte[16]);

    @BeforeAll
    void start() {
        api = new ApiHarness(folder);
        manager = api.browser(Role.FABMANAGER);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @ParameterizedTest(name = "{0} -> field {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"email\":\"a@example.org\"}                                   | name",
            "{\"name\":\"A\"}                                                | email",
            "{\"name\":\"A\",\"email\":\"not-an-email\"}                     | email",
            "{\"name\":42,\"email\":\"a@example.org\"}                       | name",
            "{\"name\":\"A\",\"email\":\"a@example.org\",\"validUntil\":\"31/12/2027\"} | validUntil",
            "{\"name\":\"A\",\"email\":\"a@example.org\",\"admin\":true}      | admin"})
    void aBadMemberBody_is400NamingTheField(String body, String field) {
        ApiHarness.Response response = manager.post("/api/v1/members", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
        assertThat(manager.get("/api/v1/members?q=a%40example.org").json()).isEmpty();
    }

    @Test
    void aBodyThatIsNotJson_is400() {
        ApiHarness.Response response = manager.post("/api/v1/members", "{name: oops");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("not valid JSON");
    }

    @Test
    void anUnknownMember_is404() {
        assertThat(manager.get("/api/v1/members/m-nobody").status()).isEqualTo(404);
        assertThat(manager.patch("/api/v1/members/m-nobody", "{\"active\":false}").status()).isEqualTo(404);
    }

    @Test
    void sqlAndScriptInANameAreStoredAndFoundAsTyped() {
        String hostile = "Robert'); DROP TABLE members;-- <script>alert(1)</script>";
        ApiHarness.Response created = manager.post("/api/v1/members",
                "{\"name\":\"Robert'); DROP TABLE members;-- <script>alert(1)</script>\",\"email\":\"bobby@example.org\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo(hostile);
        assertThat(manager.get("/api/v1/members?q=%27%29%3B%20DROP").json())
                .singleElement().satisfies(m -> assertThat(m.get("name").asText()).isEqualTo(hostile));
        assertThat(manager.get("/api/v1/members?q=%25").json()).isEmpty();
    }

    @Test
    void deactivatingAMember_isAuditedWithItsReason() {
        String id = manager.post("/api/v1/members", "{\"name\":\"Leaving Member\",\"email\":\"leave@example.org\"}")
                .json().get("id").asText();

        ApiHarness.Response changed = manager.patch("/api/v1/members/" + id, "{\"active\":false,\"reason\":\"moved away\"}");

        assertThat(changed.json().get("active").asBoolean()).isFalse();
        assertThat(manager.get("/api/v1/audit?member=" + id).json().get("entries")).first().satisfies(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("member.deactivated");
            assertThat(entry.get("actor").asText()).isEqualTo("fabmanager");
            assertThat(entry.get("reason").asText()).isEqualTo("moved away");
        });
    }

    @Test
    void fiveWrongPasswords_thenEvenTheRightOneIsThrottledWith429() {
        ApiHarness.Client someone = api.anonymous();
        for (int i = 0; i < 5; i++) {
            assertThat(someone.post("/api/v1/login", "{\"username\":\"treasurer\",\"password\":\"guess-" + i + "\"}")
                    .status()).isEqualTo(401);
        }

        ApiHarness.Response throttled = someone.post("/api/v1/login",
                "{\"username\":\"treasurer\",\"password\":\"" + ApiHarness.PASSWORD + "\"}");

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 900L));
    }

    @Test
    void aPasswordChange_needsTheCurrentPasswordAndALongEnoughNewOne() {
        api.auth.createAccount("test", "changer", ApiHarness.PASSWORD, Role.MAKER, null);
        ApiHarness.Client changer = api.anonymous();
        String csrf = changer.post("/api/v1/login", "{\"username\":\"changer\",\"password\":\"" + ApiHarness.PASSWORD
                + "\"}").json().get("csrfToken").asText();
        ApiHarness.Client session = changer.withCsrf(csrf);

        assertThat(session.post("/api/v1/me/password", "{\"currentPassword\":\"wrong\",\"newPassword\":\"a new long one\"}")
                .json().get("field").asText()).isEqualTo("currentPassword");
        assertThat(session.post("/api/v1/me/password", "{\"currentPassword\":\"" + ApiHarness.PASSWORD
                + "\",\"newPassword\":\"short\"}").json().get("field").asText()).isEqualTo("newPassword");
        assertThat(session.post("/api/v1/me/password", "{\"currentPassword\":\"" + ApiHarness.PASSWORD
                + "\",\"newPassword\":\"a new long one\"}").status()).isEqualTo(204);

        assertThat(api.anonymous().post("/api/v1/login", "{\"username\":\"changer\",\"password\":\"a new long one\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void patchingATraining_changesOnlyTheGivenFields_andABadValidityNamesItsField() {
        ApiHarness.Response renamed = manager.patch("/api/v1/trainings/laser-safety", "{\"name\":\"Laser safety v2\"}");

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo("Laser safety v2");
        assertThat(renamed.json().get("category").asText()).isEqualTo("safety");
        assertThat(renamed.json().get("machineKinds").get(0).asText()).isEqualTo("laser-cutter");
        assertThat(renamed.json().get("validity").get("kind").asText()).isEqualTo("forever");
        assertThat(manager.patch("/api/v1/trainings/laser-safety", "{\"validity\":{\"kind\":\"fixed-duration\"}}")
                .json().get("field").asText()).isEqualTo("validity");
        assertThat(manager.patch("/api/v1/trainings/laser-safety", "{\"category\":\"vital\"}")
                .json().get("field").asText()).isEqualTo("category");
        assertThat(manager.patch("/api/v1/trainings/no-such", "{\"name\":\"X\"}").status()).isEqualTo(404);
    }

    @Test
    void aUidTypedInLowerCaseWithColons_isStoredUnderTheHashTheNodeComputesForTheCard() {
        ApiHarness.Response enrolled = manager.post("/api/v1/members/m-maker/badges",
                "{\"type\":\"mifare-uid\",\"uid\":\"04:c0:ff:ee:12:34:56\"}");

        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        // An MFRC522 or PN532 reader hands the node the UID as upper-case hex without separators.
        String nodeHash = NODE_HASHER.hash("mifare-uid", "04C0FFEE123456", false).hash();
        assertThat(new JdbcAccessStore(api.dataSource()).badgeOwner(nodeHash))
                .hasValueSatisfying(owner -> assertThat(owner.memberId()).isEqualTo("m-maker"));
    }

    @ParameterizedTest(name = "{0} ''{1}'' -> field {2}")
    @CsvSource(delimiter = '|', value = {
            "mifare-uid | xyz!             | uid",
            "mifare-uid | 04:A1:B2         | uid",
            "em4100     | 12345678         | uid",
            "keyboard   | 12-34 56         | uid",
            "hid-prox   | 0012345678       | type",
            "MIFARE     | 04A1B2C3D4E5F6   | type"})
    void anIdThatDoesNotFitItsType_is400NamingTheFieldAndEnrolsNothing(String type, String uid, String field) {
        int before = manager.get("/api/v1/members/m-trainer/badges").json().size();

        ApiHarness.Response response = manager.post("/api/v1/members/m-trainer/badges",
                "{\"type\":\"" + type + "\",\"uid\":\"" + uid + "\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("application/problem+json"));
        assertThat(response.json().get("field").asText()).isEqualTo(field);
        assertThat(response.json().get("detail").asText()).contains(field.equals("uid") ? type : "mifare-uid");
        assertThat(manager.get("/api/v1/members/m-trainer/badges").json()).hasSize(before);
    }

    // ---- node commands (POST /api/v1/nodes/{id}/commands) ----

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
        assertThat(manager.get("/api/v1/audit?machine=laser-1").json().get("entries")).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("node.command");
            assertThat(entry.get("actor").asText()).isEqualTo("fabmanager");
            assertThat(entry.get("reason").asText()).isEqualTo("smoke from the bed");
            assertThat(entry.get("params").get("command").asText()).isEqualTo("force-off");
            assertThat(entry.get("params").get("id").asText()).isEqualTo(id);
            assertThat(entry.get("machineName").asText()).isEqualTo("Laser cutter");
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

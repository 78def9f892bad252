package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.CredentialHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A badge typed at enrolment hashes as the node hashes the same card read by its reader (docs/protocol.md §5.1). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadgeEnrolmentApiTest {
    /** The harness's lab pepper. */
    private static final CredentialHasher NODE_HASHER = new CredentialHasher(new byte[16]);
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
}

package org.fablab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged {@code session.js} in GraalJS, signed in through a stood-in {@code GET /me}: what the pages offer
 * follows the permissions the gateway lists for the account, whatever its role is called.
 */
class SessionScriptTest {
    private static DashboardScript script;

    @BeforeAll
    static void load() {
        script = DashboardScript.load("session.js", "session", """
                globalThis.URL = class { constructor(path) { this.path = path; } };
                globalThis.me = null;
                globalThis.fetch = async () => ({ ok: true, status: 200,
                  headers: { get: (name) => name === 'Content-Type' ? 'application/json' : null },
                  json: async () => globalThis.me });
                """);
    }

    @AfterAll
    static void close() {
        script.close();
    }

    /**
     * Whether a page needing {@code capability} is offered to an account of {@code role} granted {@code granted}
     * (permission names separated by spaces).
     */
    private static boolean offered(String capability, String role, String granted) {
        script.eval("globalThis.me = { account: { username: 'x', role: '" + role + "' }, csrfToken: 't',"
                + " permissions: '" + granted + "'.split(' ').filter(Boolean) }; globalThis.offered = null;"
                + " session.loadSession().then(() => { globalThis.offered = session.can('" + capability + "'); })");
        return script.eval("globalThis.offered").asBoolean();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "maker | USE_LAB              | true",
            "board | READ_REPORTS         | false",
            "maker |                      | false",
            "board | USE_LAB READ_REPORTS | true"})
    void theLabsEverydayPages_areOfferedByThePermission_notTheRolesName(String role, String granted,
                                                                        boolean offered) {
        assertThat(offered("lab:use", role, granted == null ? "" : granted)).isEqualTo(offered);
        assertThat(offered("signed-in", role, granted == null ? "" : granted)).isTrue();
    }
}

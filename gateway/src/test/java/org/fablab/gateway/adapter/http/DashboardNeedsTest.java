package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Permissions;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.Json;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dashboard's needs.js, run as the browser runs it, against the gateway: every capability it declares names a
 * {@link Permission}, its request is one the gateway serves, and making that request as every role is refused
 * (403) for exactly the roles {@link Permissions} does not grant that permission. {@code GET /me} lists what the
 * dashboard checks the permissions against, as the OpenAPI description says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardNeedsTest {
    /** What a capability's declared request is when made here: its path with placeholders filled, and a body. */
    private record Example(String path, String body) {
    }

    /** One capability of needs.js. */
    record Need(String capability, Permission permission, String request) {
        @Override
        public String toString() {
            return capability;
        }
    }

    /**
     * One example per capability: made by a role with the permission it reaches the handler's own checks (a 400
     * for an incomplete body counts as let through), by a role without it the 403.
     */
    private static final Map<String, Example> EXAMPLES = Map.ofEntries(
            Map.entry("lab:use", new Example("/api/v1/prices", null)),
            Map.entry("members:read", new Example("/api/v1/members", null)),
            Map.entry("members:write", new Example("/api/v1/members/m-maker", "{\"group\":\"students\"}")),
            Map.entry("badges:write", new Example("/api/v1/members/m-maker/badges", "{}")),
            Map.entry("certifications:grant", new Example("/api/v1/members/m-maker/certifications",
                    "{\"trainingId\":\"laser-safety\"}")),
            Map.entry("certifications:grant-any", new Example("/api/v1/members/m-maker/certifications",
                    "{\"trainingId\":\"printing-3d\"}")),
            Map.entry("certifications:revoke", new Example("/api/v1/members/m-maker/certifications/c-none/revoke",
                    "{\"reason\":\"test\"}")),
            Map.entry("sessions:read-all", new Example("/api/v1/sessions?member=m-admin", null)),
            Map.entry("trainings:read", new Example("/api/v1/trainings", null)),
            Map.entry("trainings:write", new Example("/api/v1/trainings", "{}")),
            Map.entry("reminders:read", new Example("/api/v1/certifications/expiring?days=30", null)),
            Map.entry("machines:availability", new Example("/api/v1/machines/laser-1/availability", "{}")),
            Map.entry("nodes:read", new Example("/api/v1/nodes", null)),
            Map.entry("nodes:enroll", new Example("/api/v1/nodes/laser-1/mode",
                    "{\"mode\":\"enroll\",\"memberId\":\"m-maker\"}")),
            Map.entry("nodes:train", new Example("/api/v1/nodes/laser-1/mode",
                    "{\"mode\":\"train\",\"trainingId\":\"laser-safety\"}")),
            Map.entry("nodes:command", new Example("/api/v1/nodes/laser-1/commands", "{}")),
            Map.entry("registry:read", new Example("/api/v1/registry/nodes", null)),
            Map.entry("registry:write", new Example("/api/v1/machines", "{}")),
            Map.entry("partners:read", new Example("/api/v1/partners", null)),
            Map.entry("partners:manage", new Example("/api/v1/partners", "{}")),
            Map.entry("partners:equivalences", new Example("/api/v1/partners/lab-none/equivalences",
                    "{\"equivalences\":[]}")),
            Map.entry("audit:read", new Example("/api/v1/audit", null)),
            Map.entry("security:read", new Example("/api/v1/security-events/counts", null)),
            Map.entry("billing:write", new Example("/api/v1/prices/laser-cutter", "{}")),
            Map.entry("consumables:record", new Example("/api/v1/consumable-records/r-none/correction", "{}")),
            Map.entry("ledger:read", new Example("/api/v1/ledger?member=m-admin", null)),
            Map.entry("periods:manage", new Example("/api/v1/periods/2020-01/close", null)),
            Map.entry("statements:read-all", new Example("/api/v1/statements?member=m-admin", null)),
            Map.entry("exports:read", new Example("/api/v1/exports/charges.csv?from=2026-11-01&to=2026-11-30", null)),
            Map.entry("reports:read", new Example("/api/v1/reports/impact?from=2026-01-01&to=2026-01-31", null)),
            Map.entry("accounts:manage", new Example("/api/v1/accounts", null)));

    @TempDir
    static Path folder;
    private ApiHarness api;
    private final Map<Role, ApiHarness.Client> sessions = new EnumMap<>(Role.class);

    @BeforeAll
    void start() {
        api = new ApiHarness(folder);
        for (Role role : Role.values()) {
            sessions.put(role, api.browser(role));
        }
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void everyCapability_hasAnExampleHere() throws IOException {
        assertThat(needs()).extracting(Need::capability).containsExactlyInAnyOrderElementsOf(EXAMPLES.keySet());
    }

    @ParameterizedTest
    @MethodSource("needs")
    void theDeclaredRequest_isServed_andRefusedExactlyForTheRolesWithoutThePermission(Need need) {
        String method = need.request().substring(0, need.request().indexOf(' '));
        String template = need.request().substring(method.length() + 1);
        Example example = EXAMPLES.get(need.capability());
        assertThat(example).as("example of %s", need).isNotNull();
        assertThat(api.api.operations()).as("served operations").contains(method + " "
                + template.replaceAll("\\{[A-Za-z]+}", "{}"));
        assertThat(example.path().split("\\?")[0]).as("example of %s", need)
                .matches(Pattern.quote(template).replaceAll("\\{[A-Za-z]+}", "\\\\E[^/]+\\\\Q"));

        Set<Role> refused = EnumSet.noneOf(Role.class);
        Set<Role> withoutPermission = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            int status = sessions.get(role).send(method, example.path(), example.body()).status();
            assertThat(status).as("%s as %s", need.request(), role).isNotEqualTo(401);
            if (status == 403) {
                refused.add(role);
            }
            if (!Permissions.allows(role, need.permission())) {
                withoutPermission.add(role);
            }
        }
        assertThat(refused).as("roles refused %s (%s needs %s)", need.request(), need.capability(),
                need.permission()).isEqualTo(withoutPermission);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void me_andTheLoginAnswer_listTheRolesPermissionsByName(Role role) {
        List<String> granted = Permissions.granted(role).stream().map(Permission::name).toList();

        assertThat(names(sessions.get(role).get("/api/v1/me"))).containsExactlyElementsOf(granted);
        assertThat(names(api.anonymous().post("/api/v1/login", "{\"username\":\"" + role.wire()
                + "\",\"password\":\"" + ApiHarness.PASSWORD + "\"}"))).containsExactlyElementsOf(granted);
    }

    @Test
    void theOpenApiDescription_namesEveryPermission() throws IOException {
        List<String> described = new ArrayList<>();
        try (InputStream in = HttpApi.class.getClassLoader().getResourceAsStream("api/openapi.json")) {
            Json.mapper().readTree(in).at("/components/schemas/Login/properties/permissions/items/enum")
                    .forEach(name -> described.add(name.asText()));
        }

        assertThat(described).containsExactlyElementsOf(Arrays.stream(Permission.values()).map(Permission::name)
                .toList());
    }

    private static List<String> names(ApiHarness.Response response) {
        assertThat(response.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.json().get("permissions").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** needs.js evaluated as an ES module (from a copy: the dashboard may be a jar); its NEEDS, permissions by name. */
    static List<Need> needs() throws IOException {
        Path script = Files.createTempFile("needs", ".mjs");
        try (InputStream in = DashboardNeedsTest.class.getClassLoader()
                .getResourceAsStream("fablab-dashboard/needs.js")) {
            assertThat(in).as("the dashboard's needs.js on the classpath").isNotNull();
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        try (Engine engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
             Context context = Context.newBuilder("js").engine(engine).allowIO(true).build()) {
            context.eval(Source.newBuilder("js", "import { NEEDS } from '" + script.toUri().getPath()
                    + "'; globalThis.NEEDS = NEEDS;", "load.mjs").build());
            Value table = context.getBindings("js").getMember("NEEDS");
            return table.getMemberKeys().stream().map(capability -> {
                Value need = table.getMember(capability);
                String permission = need.getMember("permission").asString();
                assertThat(Arrays.stream(Permission.values()).map(Permission::name))
                        .as("permission of %s", capability).contains(permission);
                return new Need(capability, Permission.valueOf(permission), need.getMember("request").asString());
            }).toList();
        } finally {
            Files.delete(script);
        }
    }
}

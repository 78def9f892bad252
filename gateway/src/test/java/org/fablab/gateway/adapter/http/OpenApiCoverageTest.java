package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fablab.protocol.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI description names every operation the gateway serves under /api/v1, and nothing it does not. */
class OpenApiCoverageTest {
    @TempDir
    Path folder;

    @Test
    void everyServedOperation_isDescribed_andEveryDescribedOneIsServed() throws Exception {
        List<String> described = new ArrayList<>();
        try (InputStream in = HttpApi.class.getClassLoader().getResourceAsStream("api/openapi.json")) {
            JsonNode paths = Json.mapper().readTree(in).get("paths");
            paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                if (path.getKey().startsWith("/api/v1/")) {
                    described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey().replaceAll("\\{[A-Za-z]+}", "{}"));
                }
            }));
        }

        try (ApiHarness harness = new ApiHarness(folder)) {
            assertThat(harness.api.operations()).containsExactlyInAnyOrderElementsOf(described);
        }
    }
}

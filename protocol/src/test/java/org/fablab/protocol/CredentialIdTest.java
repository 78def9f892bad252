package org.fablab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The examples of docs/protocol.md §5.1, as the reference implementation wrote them into {@code credentialIds}. */
class CredentialIdTest {
    private static final CredentialHasher HASHER = new CredentialHasher(TestVectors.pepper());

    static Stream<Arguments> accepted() {
        return vectors().filter(v -> !v.get("id").isNull())
                .map(v -> Arguments.of(v.get("type").asText(), v.get("typed").asText(), v.get("id").asText(),
                        v.get("hash").asText()));
    }

    static Stream<Arguments> refused() {
        return vectors().filter(v -> v.get("id").isNull())
                .map(v -> Arguments.of(v.get("type").asText(), v.get("typed").asText()));
    }

    private static Stream<JsonNode> vectors() {
        return StreamSupport.stream(TestVectors.root().get("credentialIds").spliterator(), false);
    }

    @ParameterizedTest(name = "{0} ''{1}'' -> {2}")
    @MethodSource("accepted")
    void of_typedOrReadId_becomesTheCanonicalIdAndItsHash(String type, String typed, String id, String hash) {
        CredentialId canonical = CredentialId.of(type, typed);

        assertThat(canonical.id()).isEqualTo(id);
        assertThat(HASHER.hash(canonical, false).hash()).isEqualTo(hash);
        assertThat(HASHER.hash(type, typed, false).hash()).isEqualTo(hash);
    }

    @ParameterizedTest(name = "{0} ''{1}'' -> {2}")
    @MethodSource("accepted")
    void of_canonicalId_isAFixedPoint(String type, String typed, String id, String hash) {
        assertThat(CredentialId.of(type, id)).isEqualTo(new CredentialId(type, id));
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @MethodSource("refused")
    void of_idThatDoesNotFitItsType_throwsNamingTheTypeButNotTheId(String type, String typed) {
        assertThatThrownBy(() -> CredentialId.of(type, typed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(type)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(typed.strip()));
        assertThatThrownBy(() -> HASHER.hash(type, typed, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vectors_coverEveryKnownTypeAndSomeRefusals() {
        assertThat(accepted().map(a -> a.get()[0])).containsAll(CredentialId.TYPES);
        assertThat(refused()).hasSizeGreaterThanOrEqualTo(CredentialId.TYPES.size());
    }

    @Test
    void constructor_nonCanonicalId_throws() {
        assertThatThrownBy(() -> new CredentialId("mifare-uid", "04:a1:b2:c3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("canonical");
    }

    @Test
    void of_blankId_throws() {
        assertThatThrownBy(() -> CredentialId.of("em4100", "  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void toString_leavesTheIdOut() {
        assertThat(CredentialId.of("mifare-uid", "04A1B2C3D4E5F6").toString()).doesNotContain("04A1");
    }
}

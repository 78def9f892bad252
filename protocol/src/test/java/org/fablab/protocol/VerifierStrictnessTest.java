package org.fablab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The receiver refuses what docs/protocol.md §6 does not allow, instead of converting it. Every body here
 * is correctly signed, so the verdict comes from the body alone.
 */
class VerifierStrictnessTest {
    private static final String EVENTS = "fablab/v1/demo-lab/nodes/laser-1/events";
    private static final String ACL = "fablab/v1/demo-lab/nodes/laser-1/acl";
    private static final String CMD = "fablab/v1/demo-lab/nodes/laser-1/cmd";
    private static final String AUTH_RESPONSE = "fablab/v1/demo-lab/nodes/laser-1/auth/response";
    private static final String STATUS = "fablab/v1/demo-lab/nodes/laser-1/status";
    private static final String HEADER = "\"v\":1,\"lab\":\"demo-lab\",\"node\":\"laser-1\"";
    private static final String HASH = "6e7caa99a39813d9405fe5991bfc4e0cfe1df9ab7e9091b6a95f5a7e7e342602";
    private static final String ENDED = "{" + HEADER + ",\"ts\":\"2026-11-23T11:59:50Z\",\"seq\":42,\"id\":\"e-42\","
            + "\"type\":\"session.ended\",\"data\":{\"sessionId\":\"s-1\",\"startedAt\":\"2026-11-23T11:59:00Z\","
            + "\"endedAt\":\"2026-11-23T11:59:50Z\",\"wallSeconds\":50,\"activeSeconds\":31,\"energyWh\":12.5,"
            + "\"reason\":\"badge-out\",\"interrupted\":false}}";

    private final Verifier verifier = new Verifier(TestVectors.keys(), TestVectors.clock(), TestVectors.limits());

    @Test
    void verify_wellFormedBaseline_isAccepted() {
        assertThat(verdict(EVENTS, ENDED)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"seq\":42>\"seq\":\"42\"",
            "\"wallSeconds\":50>\"wallSeconds\":\"50\"",
            "\"energyWh\":12.5>\"energyWh\":\"12.5\"",
            "\"energyWh\":12.5>\"energyWh\":\"NaN\"",
            "\"seq\":42>\"seq\":\"\"",
            "\"interrupted\":false>\"interrupted\":\"false\""})
    void verify_numberAsString_isInvalidField(String edit) {
        assertThat(verdict(EVENTS, apply(ENDED, edit))).isEqualTo(Rejection.INVALID_FIELD);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"id\":\"e-42\">\"id\":42",
            "\"sessionId\":\"s-1\">\"sessionId\":true",
            "\"reason\":\"badge-out\">\"reason\":1",
            "\"interrupted\":false>\"interrupted\":0",
            "\"wallSeconds\":50>\"wallSeconds\":true"})
    void verify_scalarOfAnotherJsonType_isInvalidField(String edit) {
        assertThat(verdict(EVENTS, apply(ENDED, edit))).isEqualTo(Rejection.INVALID_FIELD);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"wallSeconds\":50>\"wallSeconds\":50.7",
            "\"wallSeconds\":50>\"wallSeconds\":50.0",
            "\"seq\":42>\"seq\":4.2e1",
            "\"activeSeconds\":31>\"activeSeconds\":31.5"})
    void verify_fractionInIntegerField_isInvalidField(String edit) {
        assertThat(verdict(EVENTS, apply(ENDED, edit))).isEqualTo(Rejection.INVALID_FIELD);
    }

    @ParameterizedTest
    @ValueSource(strings = {",\"interrupted\":false>", "\"seq\":42,>", "\"wallSeconds\":50,>",
            ",\"energyWh\":12.5>", "\"interrupted\":false>\"interrupted\":null"})
    void verify_missingRequiredPrimitive_isInvalidField(String edit) {
        assertThat(verdict(EVENTS, apply(ENDED, edit))).isEqualTo(Rejection.INVALID_FIELD);
    }

    @Test
    void verify_wholeNumberInNumberField_isAccepted() {
        assertThat(verdict(EVENTS, apply(ENDED, "\"energyWh\":12.5>\"energyWh\":12"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"ts\":\"2026-11-23T11:59:50Z\">\"ts\":1795435190",
            "\"ts\":\"2026-11-23T11:59:50Z\">\"ts\":1795435190.5",
            "\"ts\":\"2026-11-23T11:59:50Z\">\"ts\":\"1795435190\"",
            "\"ts\":\"2026-11-23T11:59:50Z\">\"ts\":\"2026-11-23T12:59:50+01:00\"",
            "\"ts\":\"2026-11-23T11:59:50Z\">\"ts\":\"2026-11-23T11:59:50\"",
            "\"ts\":\"2026-11-23T11:59:50Z\">\"ts\":\"2026-11-23 11:59:50Z\"",
            "\"startedAt\":\"2026-11-23T11:59:00Z\">\"startedAt\":1795435140",
            "\"endedAt\":\"2026-11-23T11:59:50Z\">\"endedAt\":[2026,11,23,11,59,50]"})
    void verify_timestampNotAUtcString_isInvalidField(String edit) {
        assertThat(verdict(EVENTS, apply(ENDED, edit))).isEqualTo(Rejection.INVALID_FIELD);
    }

    @Test
    void verify_timestampWithFraction_isAccepted() {
        assertThat(verdict(EVENTS, apply(ENDED, "\"ts\":\"2026-11-23T11:59:50Z\">\"ts\":\"2026-11-23T11:59:50.25Z\"")))
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"maxStaleness\":900", "\"maxStaleness\":\"900\"", "\"maxStaleness\":\"15 minutes\""})
    void verify_durationNotAnIsoString_isInvalidField(String maxStaleness) {
        String acl = "{" + HEADER + ",\"ts\":\"2026-11-23T11:00:00Z\",\"version\":8,\"policy\":\"cached\","
                + maxStaleness + ",\"entries\":[]}";

        assertThat(verdict(ACL, acl)).isEqualTo(Rejection.INVALID_FIELD);
        assertThat(verdict(ACL, acl.replace(maxStaleness, "\"maxStaleness\":\"PT15M\""))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"state\":1}", "{\"reason\":true}", "{\"reason\":null}", "{\"reason\":{\"a\":\"b\"}}"})
    void verify_commandArgNotAString_isInvalidField(String args) {
        String cmd = "{" + HEADER + ",\"ts\":\"2026-11-23T11:59:30Z\",\"id\":\"c-9\",\"action\":\"set-state\","
                + "\"args\":" + args + "}";

        assertThat(verdict(CMD, cmd)).isEqualTo(Rejection.INVALID_FIELD);
    }

    @Test
    void verify_ttlSecondsAsString_isInvalidField() {
        String response = "{" + HEADER + ",\"ts\":\"2026-11-23T12:00:00Z\",\"reqId\":\"r-1\",\"decision\":\"denied\","
                + "\"ttlSeconds\":\"0\"}";

        assertThat(verdict(AUTH_RESPONSE, response)).isEqualTo(Rejection.INVALID_FIELD);
        assertThat(verdict(AUTH_RESPONSE, response.replace("\"0\"", "0"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"seq\":42>\"seq\":42,\"seq\":43",
            "\"wallSeconds\":50>\"wallSeconds\":50,\"wallSeconds\":5",
            "\"node\":\"laser-1\">\"node\":\"laser-1\",\"node\":\"laser-1\"",
            "\"v\":1>\"v\":1,\"v\":1"})
    void verify_duplicateKeyInBody_isMalformed(String edit) {
        assertThat(verdict(EVENTS, apply(ENDED, edit))).isEqualTo(Rejection.MALFORMED);
    }

    @Test
    void verify_duplicateKeyInEnvelope_isMalformed() {
        String envelope = new String(sign(EVENTS, ENDED), StandardCharsets.UTF_8);
        String doubled = envelope.replace("\"sig\":", "\"sig\":\"AAAA\",\"sig\":");

        assertThat(verdict(EVENTS, doubled.getBytes(StandardCharsets.UTF_8))).isEqualTo(Rejection.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unpadded", "one pad", "extra pad", "line break", "url-safe", "non-canonical bits",
            "128 bytes", "63 bytes"})
    void verify_nonCanonicalSignature_isBadSignature(String variant) {
        byte[] raw = new Signer(TestVectors.nodePrivateKey("laser-1")).signature(EVENTS, ENDED);
        String sig = Base64.getEncoder().encodeToString(raw);
        String altered = switch (variant) {
            case "unpadded" -> sig.substring(0, 86);
            case "one pad" -> sig.substring(0, 87);
            case "extra pad" -> sig + "=";
            case "line break" -> sig.substring(0, 44) + "\n" + sig.substring(44);
            case "url-safe" -> sig.replace('+', '-').replace('/', '_');
            case "non-canonical bits" -> sig.substring(0, 85) + flipUnusedBits(sig.charAt(85)) + "==";
            case "128 bytes" -> Base64.getEncoder().encodeToString(concat(raw, raw));
            case "63 bytes" -> sig.substring(0, 84);
            default -> throw new IllegalArgumentException(variant);
        };
        assertThat(altered).as("the variant must differ from the real signature").isNotEqualTo(sig);
        if (variant.equals("url-safe")) {
            assertThat(sig).containsAnyOf("+", "/");
        }

        assertThat(verdict(EVENTS, envelope(ENDED, altered))).isEqualTo(Rejection.BAD_SIGNATURE);
        assertThat(verdict(EVENTS, envelope(ENDED, sig))).isNull();
    }

    @Test
    void verify_progressWithMoreActiveThanWallTime_isInvalidField() {
        String progress = "{" + HEADER + ",\"ts\":\"2026-11-23T11:59:30Z\",\"seq\":43,\"id\":\"e-43\","
                + "\"type\":\"session.progress\",\"data\":{\"sessionId\":\"s-1\",\"wallSeconds\":30,"
                + "\"activeSeconds\":31,\"energyWh\":7.25}}";

        assertThat(verdict(EVENTS, progress)).isEqualTo(Rejection.INVALID_FIELD);
        assertThat(verdict(EVENTS, progress.replace("\"activeSeconds\":31", "\"activeSeconds\":30"))).isNull();
    }

    /** Each edit of the baseline, and whether the range of docs/protocol.md §10.5 accepts it. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "seq":42>"seq":9007199254740991 | accepted
            "seq":42>"seq":9007199254740992 | invalid-field
            "seq":42>"seq":0 | invalid-field
            "wallSeconds":50,"activeSeconds":31>"wallSeconds":31622400,"activeSeconds":31622400 | accepted
            "wallSeconds":50>"wallSeconds":31622401 | invalid-field
            "activeSeconds":31>"activeSeconds":-1 | invalid-field
            "energyWh":12.5>"energyWh":100000000 | accepted
            "energyWh":12.5>"energyWh":100000000.5 | invalid-field
            "energyWh":12.5>"energyWh":1e308 | invalid-field
            "startedAt":"2026-11-23T11:59:00Z">"startedAt":"1969-12-31T23:59:59Z" | invalid-field
            "endedAt":"2026-11-23T11:59:50Z">"endedAt":"+10000-01-01T00:00:00Z" | invalid-field
            """)
    void verify_numberOutsideItsDocumentedRange_isInvalidField_andAtItsEdgeAccepted(String edit, String expected) {
        Rejection verdict = verdict(EVENTS, apply(ENDED, edit));

        assertThat(verdict == null ? "accepted" : verdict.wire()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -3, 1_000_001, 9_223_372_036_854_775_807L})
    void verify_consumableQuantityOutOfRange_isInvalidField(long quantity) {
        String consumable = "{" + HEADER + ",\"ts\":\"2026-11-23T11:59:43Z\",\"seq\":47,\"id\":\"e-47\","
                + "\"type\":\"consumable.recorded\",\"data\":{\"item\":\"pla\",\"quantity\":1000000,"
                + "\"unit\":\"g\"}}";

        assertThat(verdict(EVENTS, consumable)).isNull();
        assertThat(verdict(EVENTS, consumable.replace("1000000", Long.toString(quantity))))
                .isEqualTo(Rejection.INVALID_FIELD);
    }

    @Test
    void verify_bootRecoveringMoreSessionsThanTheLimit_isInvalidField() {
        String booted = "{" + HEADER + ",\"ts\":\"2026-11-23T11:59:44Z\",\"seq\":48,\"id\":\"e-48\","
                + "\"type\":\"node.booted\",\"data\":{\"software\":\"0.1.0\",\"recoveredSessions\":1000}}";

        assertThat(verdict(EVENTS, booted)).isNull();
        assertThat(verdict(EVENTS, booted.replace(":1000}", ":1001}"))).isEqualTo(Rejection.INVALID_FIELD);
    }

    @Test
    void verify_statusWithAnAclIssuedBeforeTheEpoch_isInvalidField() {
        String status = "{" + HEADER + ",\"ts\":\"2026-11-23T11:58:00Z\",\"state\":\"online\","
                + "\"aclIssuedAt\":\"2026-11-23T11:00:00Z\"}";

        assertThat(verdict(STATUS, status)).isNull();
        assertThat(verdict(STATUS, status.replace("2026-11-23T11:00:00Z", "1900-01-01T00:00:00Z")))
                .isEqualTo(Rejection.INVALID_FIELD);
    }

    @Test
    void verify_offlineStatus_isAcceptedWithoutOptionalFields() {
        String will = "{" + HEADER + ",\"ts\":\"2026-11-23T08:00:00Z\",\"state\":\"offline\"}";

        assertThat(verdict(STATUS, will)).isNull();
    }

    @Test
    void command_argsSerialiseInKeyOrder_whateverTheInsertionOrder() throws Exception {
        Map<String, String> reversed = new LinkedHashMap<>();
        for (String key : List.of("zeta", "state", "reason", "mode", "beta", "alpha")) {
            reversed.put(key, key.toUpperCase());
        }
        Instant ts = Instant.parse("2026-11-23T11:59:30Z");
        Command command = new Command(1, "demo-lab", "laser-1", ts, "c-1", CommandAction.SET_STATE, reversed);
        Command fromMapOf = new Command(1, "demo-lab", "laser-1", ts, "c-1", CommandAction.SET_STATE,
                Map.of("alpha", "ALPHA", "beta", "BETA", "mode", "MODE", "reason", "REASON", "state", "STATE",
                        "zeta", "ZETA"));

        String body = Json.mapper().writeValueAsString(command);

        assertThat(body).endsWith("\"args\":{\"alpha\":\"ALPHA\",\"beta\":\"BETA\",\"mode\":\"MODE\","
                + "\"reason\":\"REASON\",\"state\":\"STATE\",\"zeta\":\"ZETA\"}}");
        assertThat(command.args().keySet()).containsExactly("alpha", "beta", "mode", "reason", "state", "zeta");
        assertThat(Json.mapper().writeValueAsString(fromMapOf)).isEqualTo(body);
        Signer gateway = new Signer(TestVectors.gatewayPrivateKey());
        assertThat(gateway.sign(fromMapOf)).isEqualTo(gateway.sign(command));
        assertThat(command).isEqualTo(fromMapOf);
    }

    @Test
    void command_argsAreUnmodifiable() {
        Command command = new Command(1, "demo-lab", "laser-1", Instant.parse("2026-11-23T11:59:30Z"), "c-1",
                CommandAction.FORCE_OFF, Map.of("reason", "drill"));

        assertThatThrownBy(() -> command.args().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static String apply(String body, String edit) {
        String[] parts = edit.split(">", 2);
        assertThat(body).as("edit target").contains(parts[0]);
        return body.replaceFirst(Pattern.quote(parts[0]), Matcher.quoteReplacement(parts[1]));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static char flipUnusedBits(char c) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return alphabet.charAt(alphabet.indexOf(c) | 0x1);
    }

    private static byte[] sign(String topic, String body) {
        Channel channel = Topic.of(topic).channel();
        return new Signer(channel.direction() == Channel.Direction.GATEWAY_TO_NODE
                ? TestVectors.gatewayPrivateKey() : TestVectors.nodePrivateKey("laser-1")).envelope(topic, body);
    }

    private static byte[] envelope(String body, String sig) {
        ObjectNode envelope = Json.mapper().createObjectNode().put("body", body).put("sig", sig);
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The rejection, or null when accepted. */
    private Rejection verdict(String topic, String body) {
        return verdict(topic, sign(topic, body));
    }

    private Rejection verdict(String topic, byte[] payload) {
        Inbound result = verifier.verify(topic, payload);
        return result instanceof Inbound.Rejected rejected ? rejected.reason() : null;
    }
}

package org.fablab.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The one JSON configuration of the contract (docs/protocol.md §6). Writes ISO-8601 instants and
 * durations. Reads strictly: unknown fields are ignored, but a value of the wrong JSON type is refused
 * rather than converted — no number or boolean given as a string or the reverse, no fraction in an
 * integer field, no numeric or offset timestamp, no numeric duration — and a repeated key is a parse
 * error.
 */
public final class Json {
    /** A timestamp as §6 defines it: UTC with {@code Z}, optionally with 1–9 fraction digits. */
    private static final Pattern TIMESTAMP =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("fablab-strict-time")
                    .addDeserializer(Instant.class, new StrictInstantDeserializer())
                    .addDeserializer(Duration.class, new StrictDurationDeserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private Json() {
    }

    /** A shared, thread-safe mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static String requireString(JsonParser p, DeserializationContext ctxt, Class<?> type, String format)
            throws IOException {
        if (!p.hasToken(JsonToken.VALUE_STRING)) {
            return (String) ctxt.handleUnexpectedToken(type, p.currentToken(), p,
                    "expected a JSON string (%s), got %s", format, p.currentToken());
        }
        return p.getText();
    }

    /** Only {@code YYYY-MM-DDTHH:MM:SS[.f]Z} strings; numbers (epoch) and offsets other than Z are refused. */
    private static final class StrictInstantDeserializer extends StdScalarDeserializer<Instant> {
        StrictInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = requireString(p, ctxt, Instant.class, "an ISO-8601 UTC timestamp ending in Z");
            if (TIMESTAMP.matcher(text).matches()) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    // falls through to the error below
                }
            }
            return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                    "not a UTC timestamp of the form YYYY-MM-DDTHH:MM:SS[.fraction]Z");
        }
    }

    /** Only ISO-8601 duration strings ({@code PT15M}); a bare number of seconds is refused. */
    private static final class StrictDurationDeserializer extends StdScalarDeserializer<Duration> {
        StrictDurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = requireString(p, ctxt, Duration.class, "an ISO-8601 duration such as PT15M");
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, "not an ISO-8601 duration");
            }
        }
    }
}

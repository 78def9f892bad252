package org.fablab.gateway.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.protocol.Names;
import org.fablab.protocol.Json;

/**
 * A request's JSON object, read field by field: every problem (not JSON, unknown field, wrong type,
 * missing or too long) becomes a 400 naming the field, so a client always learns what to fix.
 */
final class Body {
    private static final int MAX_TEXT = 200;

    private final ObjectNode node;

    private Body(ObjectNode node) {
        this.node = node;
    }

    /** Parses the request body; {@code allowed} lists every field the endpoint understands. */
    static Body of(RoutingContext ctx, Set<String> allowed) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw Problem.badRequest(null, ErrorCode.BODY_REQUIRED);
        }
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(text);
        } catch (IOException e) {
            throw Problem.badRequest(null, ErrorCode.BODY_NOT_JSON);
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw Problem.badRequest(null, ErrorCode.BODY_NOT_OBJECT);
        }
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw Problem.badRequest(name, ErrorCode.FIELD_UNKNOWN, String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return new Body(object);
    }

    boolean has(String field) {
        return node.has(field);
    }

    String requiredText(String field) {
        return text(field).orElseThrow(() -> Problem.badRequest(field, ErrorCode.FIELD_REQUIRED));
    }

    /**
     * The required text as a lab, node, machine or training id ({@link Names#isId}); otherwise a 400 on the field
     * showing {@code example}.
     */
    String requiredId(String field, String example) {
        String value = requiredText(field);
        if (!Names.isId(value)) {
            throw Problem.badRequest(field, ErrorCode.FIELD_ID_FORMAT, example);
        }
        return value;
    }

    /** The required text parsed by {@code parser} (e.g. an enum's {@code fromWire}); its refusal becomes a 400 on the field. */
    <T> T required(String field, Function<String, T> parser) {
        String text = requiredText(field);
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(field, e);
        }
    }

    /** {@link #text} parsed by {@code parser}; its refusal becomes a 400 on the field. */
    <T> Optional<T> optional(String field, Function<String, T> parser) {
        return text(field).map(text -> {
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw Problem.invalid(field, e);
            }
        });
    }

    /** Absent or null → empty; blank text → empty too. */
    Optional<String> text(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw Problem.badRequest(field, ErrorCode.FIELD_NOT_TEXT);
        }
        String text = value.asText().strip();
        if (text.length() > MAX_TEXT) {
            throw Problem.badRequest(field, ErrorCode.FIELD_TOO_LONG, MAX_TEXT);
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** The raw text, not stripped: passwords keep their spaces. */
    String secret(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw Problem.badRequest(field, ErrorCode.FIELD_REQUIRED);
        }
        return value.asText();
    }

    Optional<LocalDate> date(String field) {
        return text(field).map(text -> {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw Problem.badRequest(field, ErrorCode.FIELD_FORMAT, Web.DATE_EXAMPLE);
            }
        });
    }

    Optional<Boolean> bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw Problem.badRequest(field, ErrorCode.FIELD_ONE_OF, "true, false");
        }
        return Optional.of(value.booleanValue());
    }

    Optional<Integer> integer(String field, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < min || value.intValue() > max) {
            throw Problem.badRequest(field, ErrorCode.FIELD_OUT_OF_RANGE, min, max);
        }
        return Optional.of(value.intValue());
    }

    Optional<Long> whole(String field, long min, long max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min
                || value.longValue() > max) {
            throw Problem.badRequest(field, ErrorCode.FIELD_OUT_OF_RANGE, min, max);
        }
        return Optional.of(value.longValue());
    }

    long requiredWhole(String field, long min, long max) {
        return whole(field, min, max).orElseThrow(() -> Problem.badRequest(field, ErrorCode.FIELD_REQUIRED));
    }

    List<String> texts(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw Problem.badRequest(field, ErrorCode.FIELD_NOT_LIST);
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw Problem.badRequest(field, ErrorCode.FIELD_EMPTY_ITEM);
            }
            texts.add(item.asText().strip());
        }
        return texts;
    }

    /** A list of nested objects, each read with the same rules; absent → empty. */
    List<Body> objects(String field, Set<String> allowed) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw Problem.badRequest(field, ErrorCode.FIELD_NOT_LIST);
        }
        List<Body> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(nested(field + "[" + i + "]", value.get(i), allowed));
        }
        return items;
    }

    /** A nested object, read with the same rules. */
    Optional<Body> object(String field, Set<String> allowed) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(nested(field, value, allowed));
    }

    /** {@code value} as a body whose fields are all {@code allowed}; problems are named {@code at.field}. */
    private static Body nested(String at, JsonNode value, Set<String> allowed) {
        if (!(value instanceof ObjectNode object)) {
            throw Problem.badRequest(at, ErrorCode.FIELD_NOT_OBJECT);
        }
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw Problem.badRequest(at + "." + name, ErrorCode.FIELD_UNKNOWN,
                        String.join(", ", new TreeSet<>(allowed)));
            }
        });
        return new Body(object);
    }
}

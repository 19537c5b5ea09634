package io.positionpolicy.evaluation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.positionpolicy.model.EvaluationRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Strict JSON reading of evaluation requests: unknown fields, wrong types, strings for numbers, numbers or booleans
 * for strings, numbers for enum values, enum values with whitespace around them and trailing garbage are all errors,
 * reported by JSON path in words a client can act on (never a Java type name).
 */
public final class RequestParser {
    /** Limits on the JSON itself: a request is a few levels deep, numbers are short; rule files are long strings. */
    static final int MAX_DEPTH = 32;
    static final int MAX_NUMBER_LENGTH = 64;
    static final int MAX_STRING_LENGTH = 4_000_000;
    /** How Jackson's message for FAIL_ON_TRAILING_TOKENS begins (DeserializationContext.reportTrailingTokens). */
    private static final String TRAILING_TOKEN = "Trailing token";

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // an enum value is its name, never its position in the declaration ("type": 0 is not OPEN)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            // a string field takes a string: ALLOW_COERCION_OF_SCALARS does not cover scalars to text, these do
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .addModule(new JavaTimeModule())
            .addModule(ExactEnums.module())
            .addModule(WholeEpochMillis.module())
            .build();

    private RequestParser() {
    }

    public static ObjectMapper mapper() {
        return STRICT;
    }

    public static EvaluationRequest parse(byte[] body) {
        return parse(text(body));
    }

    /**
     * The JSON text of a body: UTF-8 only (RFC 8259 §8.1), a leading byte order mark dropped. The text a request is
     * parsed from is the text the audit trail keeps.
     */
    public static String text(byte[] body) {
        return JsonText.of(body);
    }

    /** A request from the text of a body, as {@link #text} gives it. */
    public static EvaluationRequest parse(String json) {
        try {
            EvaluationRequest request = STRICT.readValue(json, EvaluationRequest.class);
            if (request == null) {
                throw new InvalidRequestException(List.of(new FieldError("$", "must be a JSON object")));
            }
            return request;
        } catch (JsonMappingException e) {
            // A field that does not bind: if the JSON is well-formed, read it again as a tree to name every bad field.
            JsonNode tree;
            try {
                tree = STRICT.readTree(json);
            } catch (IOException malformed) {
                throw new InvalidRequestException(List.of(describe(e)));
            }
            throw new InvalidRequestException(EveryBadField.of(STRICT, tree));
        } catch (IOException e) {
            throw new InvalidRequestException(List.of(describe(e)));
        }
    }

    /**
     * A request from a JSON tree (a batch item). A field that does not bind is reported with every other bad field,
     * wrong types and failed checks alike.
     */
    public static EvaluationRequest parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("$", "must be a JSON object")));
        }
        try {
            return STRICT.treeToValue(node, EvaluationRequest.class);
        } catch (JsonMappingException e) {
            throw new InvalidRequestException(EveryBadField.of(STRICT, node));
        } catch (IOException e) {
            throw new InvalidRequestException(List.of(describe(e)));
        }
    }

    /** Reads a body into {@code type} as strictly as a request: every error named by its JSON path. */
    public static <T> T read(byte[] body, Class<T> type) {
        String json = text(body);
        try {
            T value = STRICT.readValue(json, type);
            if (value == null) {
                throw new InvalidRequestException(List.of(new FieldError("$", "must be a JSON object")));
            }
            return value;
        } catch (IOException e) {
            throw new InvalidRequestException(List.of(describe(e)));
        }
    }

    /** Reads any JSON document into a tree, with the same strictness; errors say where the JSON is malformed. */
    public static JsonNode tree(byte[] body) {
        String json = text(body);
        try {
            return STRICT.readTree(json);
        } catch (IOException e) {
            throw new InvalidRequestException(List.of(describe(e)));
        }
    }

    static FieldError describe(IOException e) {
        if (e instanceof StreamConstraintsException limit) {
            return new FieldError("$", limit(limit));
        }
        if (e.getCause() instanceof StreamConstraintsException limit) {
            return new FieldError("$", limit(limit));
        }
        if (e instanceof MismatchedInputException trailing
                && String.valueOf(trailing.getOriginalMessage()).startsWith(TRAILING_TOKEN)) {
            // FAIL_ON_TRAILING_TOKENS reports the value after the request as a mismatch of the whole body's type,
            // which read "must be an object" of a body whose first value is one
            return new FieldError("$", "malformed JSON" + location(trailing)
                    + ": more JSON after the first value: a body is one JSON object");
        }
        if (e instanceof JsonMappingException mapping) {
            return new FieldError(path(mapping.getPath()), reason(mapping));
        }
        if (e instanceof JsonParseException parse) {
            return new FieldError("$", "malformed JSON" + location(parse) + ": " + firstLine(parse.getOriginalMessage()));
        }
        if (e instanceof JsonProcessingException processing) {
            return new FieldError("$", "malformed JSON" + location(processing) + ": "
                    + firstLine(processing.getOriginalMessage()));
        }
        return new FieldError("$", "unreadable request body");
    }

    private static String limit(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "JSON nested deeper than " + MAX_DEPTH + " levels (limit)";
        }
        if (message.contains("Number value length") || message.contains("number length")) {
            return "a number longer than " + MAX_NUMBER_LENGTH + " characters (limit)";
        }
        if (message.contains("String value length") || message.contains("string length")) {
            return "a string longer than " + MAX_STRING_LENGTH + " characters (limit)";
        }
        return "the JSON is beyond the service's limits";
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return "must be one of " + Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + describeType(mismatch.getTargetType());
        }
        if (e.getCause() instanceof JsonParseException parse) {
            return "malformed JSON: " + firstLine(parse.getOriginalMessage());
        }
        return "invalid value";
    }

    private static String describeType(Class<?> type) {
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Instant.class) {
            return "a time: ISO-8601 text or epoch milliseconds";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** The parser's own words, without its source-location boilerplate (the location is given separately). */
    private static String firstLine(String message) {
        if (message == null) {
            return "unexpected content";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        int source = line.indexOf(" (start marker at [Source");
        if (source < 0) {
            source = line.indexOf(" at [Source");
        }
        return (source < 0 ? line : line.substring(0, source)).strip();
    }
}

package io.positionpolicy.api;

import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InstantRange;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Checks query and path parameters, collecting every error for one problem response. */
final class QueryParams {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final List<FieldError> errors = new ArrayList<>();

    /** A bound of a search over stored records: an instant in {@link InstantRange#STORED}. */
    Instant instant(String name, String value) {
        return InstantRange.STORED.parse(name, value, errors);
    }

    int limit(String name, String value) {
        return intInRange(name, value, DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    int intInRange(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + " to " + max));
        return fallback;
    }

    String evaluationId(String name, String value) {
        if (value != null && !UUID.matcher(value).matches()) {
            errors.add(new FieldError(name, "must be an evaluation id (a lower-case UUID)"));
            return null;
        }
        return value;
    }

    String verdict(String name, String value) {
        if (value == null) {
            return null;
        }
        return oneOf(name, value, Arrays.stream(Verdict.values()).map(Enum::name).toArray(String[]::new));
    }

    String oneOf(String name, String value, String... allowed) {
        if (Arrays.asList(allowed).contains(value)) {
            return value;
        }
        errors.add(new FieldError(name, "must be one of " + String.join(", ", allowed)));
        return allowed[0];
    }

    void error(String name, String reason) {
        errors.add(new FieldError(name, reason));
    }

    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}

package io.positionpolicy.evaluation;

import java.util.List;

/**
 * An RFC 9457 problem: {@code type} is a stable slug URN ({@code urn:position-policy:problem:invalid-request}),
 * {@code errors} names each bad field by JSON path, {@code index} the batch item it belongs to.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, Integer index) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:position-policy:problem:";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, null);
    }

    public Problem at(int itemIndex) {
        return new Problem(type, title, status, detail, errors, itemIndex);
    }

    public static Problem invalid(List<FieldError> errors, Integer index) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + " " + errors.get(0).reason()
                : errors.size() + " fields are invalid; see errors";
        return new Problem(TYPE_PREFIX + "invalid-request", "Invalid request", 400, detail, errors, index);
    }
}

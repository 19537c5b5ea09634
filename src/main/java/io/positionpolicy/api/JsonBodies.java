package io.positionpolicy.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.RequestParser;
import java.util.List;

/** Request bodies that must be one JSON object. */
final class JsonBodies {
    private JsonBodies() {
    }

    /** The body as a JSON object, or a problem saying it must be one. */
    static JsonNode object(byte[] body) {
        JsonNode root = RequestParser.tree(body);
        if (!root.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("$", "must be a JSON object")));
        }
        return root;
    }
}

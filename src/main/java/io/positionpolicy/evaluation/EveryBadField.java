package io.positionpolicy.evaluation;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.positionpolicy.model.EvaluationRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Jackson stops at the first field it cannot bind. To answer with every bad field at once, the request is bound from
 * a copy of its tree: each field that fails (a wrong type, an unknown field or enum value) is noted and taken out,
 * and binding is tried again, until the rest binds. The validator then checks what is left, and its errors join
 * those of the fields already named, except where they follow from taking a field out (the field itself reported as
 * missing, or the object or array it was in as incomplete).
 */
final class EveryBadField {
    /** A body with more bad fields than this gets the first ones: enough to act on, bounded work. */
    static final int MAX_ERRORS = 100;

    private EveryBadField() {
    }

    /** Every error of {@code tree} as a request, binding and validation together; called once binding has failed. */
    static List<FieldError> of(ObjectMapper mapper, JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        List<FieldError> errors = new ArrayList<>();
        EvaluationRequest bound = null;
        while (errors.size() < MAX_ERRORS) {
            try {
                bound = mapper.treeToValue(copy, EvaluationRequest.class);
                break;
            } catch (JsonMappingException e) {
                FieldError error = RequestParser.describe(e);
                if (errors.contains(error) || !takeOut(copy, e.getPath())) {
                    errors.add(error);
                    return List.copyOf(errors); // nothing more can be taken out: report what was found
                }
                errors.add(error);
            } catch (IOException e) {
                errors.add(RequestParser.describe(e));
                return List.copyOf(errors);
            }
        }
        if (bound != null) {
            for (FieldError more : RequestValidator.validate(bound)) {
                if (errors.stream().noneMatch(e -> covers(e.field(), more.field()) || covers(more.field(), e.field()))) {
                    errors.add(more);
                }
            }
        }
        return List.copyOf(errors);
    }

    /** Whether an error on {@code named} already explains one on {@code other}: the same field, or inside it. */
    private static boolean covers(String named, String other) {
        return other.equals(named) || other.startsWith(named + ".") || other.startsWith(named + "[");
    }

    /** Removes the node at the path (an array element becomes null, so later indexes keep their meaning). */
    private static boolean takeOut(JsonNode root, List<JsonMappingException.Reference> path) {
        if (path.isEmpty()) {
            return false;
        }
        JsonNode parent = root;
        for (JsonMappingException.Reference step : path.subList(0, path.size() - 1)) {
            parent = step.getFieldName() != null ? parent.get(step.getFieldName()) : parent.get(step.getIndex());
            if (parent == null) {
                return false;
            }
        }
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (last.getFieldName() != null && parent instanceof ObjectNode object && object.has(last.getFieldName())) {
            object.remove(last.getFieldName());
            return true;
        }
        if (last.getFieldName() == null && parent instanceof ArrayNode array && last.getIndex() >= 0
                && last.getIndex() < array.size() && !array.get(last.getIndex()).isNull()) {
            array.set(last.getIndex(), NullNode.getInstance());
            return true;
        }
        return false;
    }
}

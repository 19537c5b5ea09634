package io.positionpolicy.evaluation;

import io.positionpolicy.model.Decision;
import java.util.List;

/** The outcome of one batch item: a decision, or why there is none (invalid request or failed evaluation). */
public record BatchItem(int index, Decision decision, List<FieldError> errors, String failure) {

    static BatchItem decided(int index, Decision decision) {
        return new BatchItem(index, decision, List.of(), null);
    }

    static BatchItem invalid(int index, List<FieldError> errors) {
        return new BatchItem(index, null, errors, null);
    }

    static BatchItem failed(int index, String failure) {
        return new BatchItem(index, null, List.of(), failure);
    }
}

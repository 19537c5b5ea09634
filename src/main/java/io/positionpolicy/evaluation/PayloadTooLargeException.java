package io.positionpolicy.evaluation;

import java.util.List;

/**
 * A request body within the size limit whose content is over one of its own (an upload's decompressed size): a 413
 * problem naming the limit, as the body size limit is answered.
 */
public class PayloadTooLargeException extends RuntimeException {
    private final transient FieldError error;

    public PayloadTooLargeException(FieldError error) {
        super(error.field() + ": " + error.reason());
        this.error = error;
    }

    public List<FieldError> errors() {
        return List.of(error);
    }
}

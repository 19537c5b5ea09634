package io.positionpolicy.evaluation;

/** The audit store could not commit a record in time: the evaluation is not answered. */
public class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.positionpolicy.evaluation;

/** The rules could not produce a decision (a looping rule, an exception in a consequence). */
public class RuleEngineException extends RuntimeException {
    public RuleEngineException(String message) {
        super(message);
    }

    public RuleEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}

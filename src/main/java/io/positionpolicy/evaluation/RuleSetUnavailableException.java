package io.positionpolicy.evaluation;

/** No rule set is active yet, so nothing can be evaluated. */
public class RuleSetUnavailableException extends RuntimeException {
    public RuleSetUnavailableException() {
        super("No rule set is active");
    }
}

package io.positionpolicy.evaluation;

/**
 * The rules could not produce a decision: a looping rule, an exception or error (stack overflow, out of memory) in
 * rule code, or an evaluation that ran out of its time budget. {@code rule} and {@code file} name the rule that was
 * firing, when one was.
 */
public class RuleEngineException extends RuntimeException {
    private final String rule;
    private final String file;
    private final boolean overBudget;

    public RuleEngineException(String message) {
        this(message, null, null, false, null);
    }

    public RuleEngineException(String message, Throwable cause) {
        this(message, null, null, false, cause);
    }

    public RuleEngineException(String message, String rule, String file, boolean overBudget, Throwable cause) {
        super(message, cause);
        this.rule = rule;
        this.file = file;
        this.overBudget = overBudget;
    }

    public String rule() {
        return rule;
    }

    public String file() {
        return file;
    }

    /** Whether the evaluation was stopped because it used up its time budget or firing limit. */
    public boolean overBudget() {
        return overBudget;
    }
}

package io.positionpolicy.model.facts;

/**
 * Something the decision must say without rejecting: a protection that could not be checked for want of a fact, or
 * the trading state a REVIEW was answered under. It lands in the decision's {@code notes} with the rule that said it.
 */
public record DecisionNote(String code, String message) implements Explained {
    public String getCode() {
        return code;
    }
}

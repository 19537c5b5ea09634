package io.positionpolicy.rules;

/**
 * Fired, synchronously, just before a rule set becomes active: observers (the rule-set archive) record it, and a
 * failing observer keeps it from going live.
 *
 * @param trigger what activated it: {@code startup}, later {@code reload}
 * @param principal who (or which component) triggered it
 */
public record RuleSetActivated(RuleSet ruleSet, String trigger, String principal) {
}

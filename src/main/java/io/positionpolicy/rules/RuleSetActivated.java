package io.positionpolicy.rules;

/**
 * Fired, synchronously, just before a rule set becomes active: observers (the rule-set archive) record it, and a
 * failing observer keeps it from going live.
 *
 * @param trigger what activated it: {@code startup}, later {@code reload}
 * @param principal who (or which component) triggered it
 * @param scenarios the scenario files it passed ({@code tests/…} path → text), archived with it so that an earlier
 *     version can be restored together with the expectations it met
 */
public record RuleSetActivated(RuleSet ruleSet, String trigger, String principal,
        java.util.SortedMap<String, String> scenarios) {

    public RuleSetActivated(RuleSet ruleSet, String trigger, String principal) {
        this(ruleSet, trigger, principal, new java.util.TreeMap<>());
    }

    /** Rule files and scenario files together, as archived. */
    public java.util.SortedMap<String, String> allFiles() {
        java.util.SortedMap<String, String> all = new java.util.TreeMap<>(ruleSet.files());
        all.putAll(scenarios);
        return all;
    }
}

package io.positionpolicy.rules;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one attempt to load a rule set: {@code outcome} is {@code activated}, {@code unchanged},
 * {@code rejected} or {@code valid} (a validation that activates nothing), with every problem found and the time
 * each step took.
 */
public record ReloadReport(
        String outcome,
        String version,
        String trigger,
        String principal,
        Instant at,
        int files,
        int scenarios,
        long compileMillis,
        long checkMillis,
        long totalMillis,
        List<RuleProblem> problems) {

    public boolean ok() {
        return problems.isEmpty();
    }
}

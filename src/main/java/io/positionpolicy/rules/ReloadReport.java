package io.positionpolicy.rules;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one attempt to load a rule set: {@code outcome} is {@code activated}, {@code unchanged},
 * {@code rejected}, {@code valid} (a validation that activates nothing) or {@code refused} (a save of {@code file}
 * that would not load, so nothing was written), with every problem found and the time each step took.
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
        List<RuleProblem> problems,
        String file) {

    /** An attempt on the whole directory, not on one file. */
    public ReloadReport(String outcome, String version, String trigger, String principal, Instant at, int files,
            int scenarios, long compileMillis, long checkMillis, long totalMillis, List<RuleProblem> problems) {
        this(outcome, version, trigger, principal, at, files, scenarios, compileMillis, checkMillis, totalMillis,
                problems, null);
    }

    /** This report as a save of {@code path} that was refused: nothing written, nothing activated. */
    public ReloadReport refusedSave(String path) {
        return new ReloadReport("refused", version, "save", principal, at, files, scenarios, compileMillis, checkMillis,
                totalMillis, problems, path);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}

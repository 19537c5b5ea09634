package io.positionpolicy.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that cannot be used, with every problem found. */
public class RuleCompilationException extends RuntimeException {
    private final transient List<RuleProblem> problems;

    public RuleCompilationException(String summary, List<RuleProblem> problems) {
        super(summary + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining()));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}

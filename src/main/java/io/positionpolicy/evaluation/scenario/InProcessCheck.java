package io.positionpolicy.evaluation.scenario;

import io.positionpolicy.rules.DrlSafetyCheck;
import io.positionpolicy.rules.RuleCompilationException;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleProblem;
import io.positionpolicy.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * What a load of rule files would refuse, checked in this JVM without the sandbox: the safety check, compilation, and
 * (when both pass) every scenario. For the two places that check rules outside a running service: the build's check
 * of the shipped rules ({@link ShippedRulesBuildStep}) and the {@code rules import} command.
 */
public final class InProcessCheck {
    /** The compiled rule set (null when it does not compile) and every problem found. */
    public record Result(RuleSet ruleSet, List<RuleProblem> problems) {
    }

    private InProcessCheck() {
    }

    public static Result check(SortedMap<String, String> drl, SortedMap<String, String> scenarios,
            ClassLoader classLoader) {
        List<RuleProblem> problems = new ArrayList<>(new DrlSafetyCheck().check(drl));
        RuleSet ruleSet;
        try {
            ruleSet = new RuleCompiler(classLoader).compile(drl);
        } catch (RuleCompilationException e) {
            problems.addAll(e.problems());
            return new Result(null, problems);
        }
        if (problems.isEmpty()) {
            problems.addAll(new ScenarioGate().check(ruleSet, scenarios));
        }
        return new Result(ruleSet, problems);
    }
}

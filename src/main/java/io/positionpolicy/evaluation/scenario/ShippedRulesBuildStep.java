package io.positionpolicy.evaluation.scenario;

import io.positionpolicy.rules.PrecompiledRules;
import io.positionpolicy.rules.RuleCompilationException;
import io.positionpolicy.rules.RuleProblem;
import io.positionpolicy.rules.RuleSources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Build step ({@code ShippedRulesBuildStep <rules-dir> <output-file>}, run by the build after the classes are
 * compiled): compiles the shipped rules into the jar ({@link PrecompiledRules}) and checks them as a start-up would,
 * the safety check and every scenario file, in this JVM. When all pass, the scenarios' version is recorded with the
 * packages, and a start from the same rule files and scenarios skips those checks. Failing scenarios do not fail the
 * build (the tests report them); they are only not recorded, so such a start checks and refuses as it always did.
 */
public final class ShippedRulesBuildStep {
    private static final Logger LOG = Logger.getLogger(ShippedRulesBuildStep.class.getName());

    private ShippedRulesBuildStep() {
    }

    public static void main(String[] args) throws IOException {
        Logger.getLogger("").setLevel(Level.INFO); // outside Quarkus: keep Drools' TRACE statements quiet
        Path dir = Path.of(args[0]);
        SortedMap<String, String> drl = RuleSources.readDrl(dir);
        SortedMap<String, String> scenarios = RuleSources.readScenarios(dir);
        InProcessCheck.Result checked = InProcessCheck.check(drl, scenarios, ShippedRulesBuildStep.class.getClassLoader());
        List<RuleProblem> problems = checked.problems();
        if (checked.ruleSet() == null) {
            throw new RuleCompilationException("The shipped rules do not compile", problems);
        }
        problems.forEach(p -> LOG.warning("Shipped rules: " + p));
        boolean passed = problems.isEmpty() && !scenarios.isEmpty();
        PrecompiledRules.write(checked.ruleSet(), passed ? RuleSources.version(scenarios) : null, Path.of(args[1]));
    }
}

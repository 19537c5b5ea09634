package io.positionpolicy.evaluation.scenario;

import io.positionpolicy.rules.DrlSafetyCheck;
import io.positionpolicy.rules.PrecompiledRules;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleProblem;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
        RuleSet ruleSet = new RuleCompiler(ShippedRulesBuildStep.class.getClassLoader()).compile(drl);
        List<RuleProblem> problems = new ArrayList<>(new DrlSafetyCheck().check(drl));
        if (problems.isEmpty()) {
            problems.addAll(new ScenarioGate().check(ruleSet, scenarios));
        }
        problems.forEach(p -> LOG.warning("Shipped rules: " + p));
        boolean passed = problems.isEmpty() && !scenarios.isEmpty();
        PrecompiledRules.write(ruleSet, passed ? RuleSources.version(scenarios) : null, Path.of(args[1]));
    }
}

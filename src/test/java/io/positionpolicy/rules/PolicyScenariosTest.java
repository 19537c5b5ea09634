package io.positionpolicy.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.evaluation.scenario.ScenarioRunner;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every scenario in rules/tests/ against the shipped rule set, without Quarkus: one test per scenario. */
class PolicyScenariosTest {

    @TestFactory
    Stream<DynamicTest> scenarios() {
        List<Scenario> scenarios = ScenarioFiles.load(StandardRuleSet.RULES.resolve("tests"));
        assertTrue(scenarios.size() >= 49, "expected the worked example and at least 40 more scenarios, found "
                + scenarios.size());
        RuleSet ruleSet = StandardRuleSet.get();
        return scenarios.stream().map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
            ScenarioRunner.Outcome outcome = ScenarioRunner.run(ruleSet, scenario);
            assertTrue(outcome.passed(), () -> String.join("\n", outcome.failures())
                    + "\nfired: " + (outcome.decision() == null ? "-" : outcome.decision().firedRules()));
        }));
    }
}

package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.evaluation.scenario.ScenarioRunner;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every scenario in rules/tests/ against the shipped rule set, without Quarkus: one test per scenario. */
class PolicyScenariosTest {
    private static final Set<String> VIOLATION_CODES = Set.of("STOP_REQUIRED", "STOP_WRONG_SIDE", "STOP_LOOSENED",
            "RISK_BUDGET_EXCEEDED", "ADD_TO_LOSING_POSITION", "MAX_ADDS_REACHED", "VOLATILITY_TOO_HIGH",
            "STOP_BEYOND_LIQUIDATION", "PORTFOLIO_RISK_EXCEEDED", "BELOW_MIN_SIZE",
            // trading controls (issue 18)
            "TRADING_HALTED", "TRADING_REDUCING", "DAILY_LOSS_LIMIT_REACHED", "COOLDOWN_AFTER_STOP_OUT",
            "MAX_ENTRIES_REACHED", "PRICE_OUTSIDE_COLLAR", "ORDER_NOTIONAL_ABOVE_LIMIT", "POSITION_NOTIONAL_ABOVE_LIMIT",
            "NOTIONAL_ABOVE_LEVERAGE_BRACKET");

    @Test
    void togetherTheScenariosFireEveryRuleAndRaiseEveryViolation() {
        RuleSet ruleSet = StandardRuleSet.get();
        Set<String> fired = new TreeSet<>();
        Set<String> raised = new TreeSet<>();
        for (Scenario scenario : ScenarioFiles.load(StandardRuleSet.RULES.resolve("tests"))) {
            ScenarioRunner.Outcome outcome = ScenarioRunner.run(ruleSet, scenario);
            if (outcome.decision() != null) {
                outcome.decision().firedRules().forEach(rule -> fired.add(rule.name()));
                outcome.decision().violations().forEach(violation -> raised.add(violation.code()));
            }
        }
        Set<String> rules = new TreeSet<>();
        ruleSet.kieBase().getKiePackages().forEach(p -> p.getRules().forEach(rule -> rules.add(rule.getName())));
        assertThat(rules).hasSize(36 + 20); // + rules/controls: 3 states, 2 + 6 protections, 5 limits, 4 table rows
        assertThat(fired).containsAll(rules);
        assertThat(raised).containsAll(VIOLATION_CODES);
    }

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

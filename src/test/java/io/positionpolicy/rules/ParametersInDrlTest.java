package io.positionpolicy.rules;

import io.positionpolicy.TestRequests;
import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.Verdict;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The policy's numbers live in DRL: editing the one visible line changes the decision, no Java involved. */
class ParametersInDrlTest {
    private static final String REQUEST = TestRequests.openAsking(100);

    @Test
    void changingOnePercentToThreeQuartersOfAPercentShrinksTheOrder() {
        Decision standard = evaluate(StandardRuleSet.get());
        assertThat(standard.verdict()).isEqualTo(Verdict.APPROVE);
        assertThat(standard.actions().get(0).quantity()).isEqualTo(100.0);

        SortedMap<String, String> files = new TreeMap<>(StandardRuleSet.get().files());
        String parameters = files.get("parameters/Parameters.drl");
        assertThat(parameters).containsOnlyOnce("        .riskPct(0.01) ");
        files.put("parameters/Parameters.drl", parameters.replace("        .riskPct(0.01) ", "        .riskPct(0.0075)"));
        RuleSet edited = new RuleCompiler(getClass().getClassLoader()).compile(files);

        Decision tighter = evaluate(edited);
        assertThat(tighter.verdict()).isEqualTo(Verdict.ADJUST);
        assertThat(tighter.actions().get(0).quantity()).isEqualTo(75.0);
        assertThat(tighter.metrics().riskBudget()).isEqualTo(75.0);
        assertThat(tighter.rulesetVersion()).isNotEqualTo(standard.rulesetVersion());
        assertThat(tighter.firedRules()).extracting(Decision.FiredRule::name)
                .contains("Position risk above the budget: shrink the order");
    }

    private static Decision evaluate(RuleSet ruleSet) {
        return Evaluator.evaluate(ruleSet, RequestParser.parse(REQUEST.getBytes()));
    }
}

package io.positionpolicy.rules;

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
    private static final String REQUEST = """
            {"account": {"id": "a", "equity": 10000, "tier": "STANDARD"},
             "instrument": {"symbol": "BTCUSDT", "contractSize": 0.001, "qtyStep": 1, "minQty": 1, "tickSize": 0.1,
                            "minNotional": 5, "maxLeverage": 125,
                            "maintenanceTiers": [{"notionalFloor": 0, "rate": 0.004, "amount": 0}]},
             "market": {"lastPrice": 50000, "atr": 1000},
             "intent": {"type": "OPEN", "side": "LONG", "price": 50000, "quantity": 100, "stopPrice": 49000,
                        "leverage": 5}}
            """;

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

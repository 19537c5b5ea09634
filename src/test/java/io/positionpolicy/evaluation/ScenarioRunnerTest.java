package io.positionpolicy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.evaluation.scenario.ScenarioRunner;
import io.positionpolicy.rules.StandardRuleSet;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario runner must fail a scenario whose expectations the decision does not meet. */
public class ScenarioRunnerTest {
    /** Step 1 of the worked example, as a scenario file's defaults (ExpectationRewriterTest uses it too). */
    public static final String DEFAULTS = """
            defaults:
              account: {id: a, equity: 5000, tier: STANDARD}
              instrument: {symbol: BTCUSDT, contractSize: 0.001, qtyStep: 1, minQty: 1, tickSize: 0.1,
                           minNotional: 5, maxLeverage: 125,
                           maintenanceTiers: [{notionalFloor: 0, rate: 0.004, amount: 0}]}
              market: {lastPrice: 69500, atr: 1500}
              intent: {type: OPEN, side: LONG, price: 69500, stopPrice: 68500, leverage: 5}
            """;
    private static final String FILE = DEFAULTS + """
            scenarios:
              - note: right
                expect: {verdict: APPROVE, actions: [{type: OPEN, quantity: 25}], violations: []}
              - note: wrong in every way
                expect:
                  verdict: REJECT
                  actions: [{type: OPEN, quantity: 26, leverage: 4}]
                  violations: [STOP_REQUIRED]
                  metrics: {openRiskAfter: 30}
                  fired: ["No such rule"]
                  notFired: ["Open without a quantity: size it to the initial risk"]
              - note: a null in given removes a default
                given: {market: {atr: null}}
                expect: {invalid: ["$.market.atr"]}
              - note: no stop
                given: {intent: {stopPrice: null}}
                expect: {verdict: APPROVE, actions: [{type: OPEN}, {type: ADD}], violations: []}
              - note: not invalid
                given: {account: {equity: -1}}
                expect: {verdict: APPROVE}
            """;

    @Test
    void passesWhatMatchesAndListsEveryMismatch() throws IOException {
        List<Scenario> scenarios = ScenarioFiles.parse("test.yaml", FILE);

        assertThat(ScenarioRunner.run(StandardRuleSet.get(), scenarios.get(0)).failures()).isEmpty();
        List<String> failures = ScenarioRunner.run(StandardRuleSet.get(), scenarios.get(1)).failures();
        assertThat(failures).hasSize(7).anyMatch(f -> f.startsWith("verdict"))
                .anyMatch(f -> f.startsWith("actions[0].quantity")).anyMatch(f -> f.startsWith("actions[0].leverage"))
                .anyMatch(f -> f.startsWith("violations")).anyMatch(f -> f.startsWith("metrics.openRiskAfter"))
                .anyMatch(f -> f.startsWith("rule did not fire")).anyMatch(f -> f.startsWith("rule fired but"));
        assertThat(ScenarioRunner.run(StandardRuleSet.get(), scenarios.get(2)).failures()).isEmpty();
    }

    /** A fired rule's message can be checked too: the notes and the actions' reasons are written only there. */
    @Test
    void aFiredRuleCanBeExpectedWithItsMessage() throws IOException {
        List<Scenario> scenarios = ScenarioFiles.parse("test.yaml", DEFAULTS + """
                scenarios:
                  - note: right
                    expect:
                      fired:
                        - {rule: "Entry passed every check: place the order",
                           message: "OPEN 25 contracts at 69500.00, stop 68500.00, leverage 5x"}
                  - note: wrong message
                    expect:
                      fired: [{rule: "Entry passed every check: place the order", message: "at 69500.0,"}]
                """);

        assertThat(ScenarioRunner.run(StandardRuleSet.get(), scenarios.get(0)).failures()).isEmpty();
        assertThat(ScenarioRunner.run(StandardRuleSet.get(), scenarios.get(1)).failures()).containsExactly(
                "rule \"Entry passed every check: place the order\" fired, but no message of it contains \"at 69500.0,\"; "
                        + "got \"OPEN 25 contracts at 69500.00, stop 68500.00, leverage 5x: open risk after 25.00\"");
    }

    /** Issue 19, item 7: failures read as sentences, never as a record's toString. */
    @Test
    void failuresReadAsAPersonWouldWriteThem() throws IOException {
        List<Scenario> scenarios = ScenarioFiles.parse("test.yaml", FILE);
        List<String> failures = ScenarioRunner.run(StandardRuleSet.get(), scenarios.get(3)).failures();
        assertThat(failures).isNotEmpty().noneMatch(f -> f.contains("Violation[") || f.contains("Action[")
                || f.contains("code=") || f.contains("FieldError["));
        assertThat(failures).anyMatch(f -> f.matches("violations: expected none, got STOP_REQUIRED from \".+\" \\(.+\\)"));
        assertThat(ScenarioRunner.run(StandardRuleSet.get(), scenarios.get(1)).failures())
                .contains("actions[0].quantity: expected 26, got 25.0");
        assertThat(ScenarioRunner.run(StandardRuleSet.get(), scenarios.get(4)).failures())
                .containsExactly("request rejected as invalid: $.account.equity must be greater than 0");
    }
}

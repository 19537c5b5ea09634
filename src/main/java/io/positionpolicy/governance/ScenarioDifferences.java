package io.positionpolicy.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.evaluation.scenario.ScenarioRunner;
import io.positionpolicy.model.Decision;
import io.positionpolicy.rules.RuleSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The scenarios a candidate fails, each as what the file expects next to what the candidate decides (verdict,
 * actions with their quantities and stops, violations, metrics), so a person can tell a broken rule from an
 * expectation that the change was meant to move.
 */
public final class ScenarioDifferences {
    private ScenarioDifferences() {
    }

    /** What the candidate decides, in the terms a scenario's {@code expect} uses. */
    public record Decided(String verdict, List<Map<String, Object>> actions, List<String> violations,
            List<Decision.Adjustment> adjustments, Map<String, Double> metrics) {
        static Decided of(Decision d) {
            List<Map<String, Object>> actions = new ArrayList<>();
            for (Decision.Action a : d.actions()) {
                Map<String, Object> action = new java.util.LinkedHashMap<>();
                action.put("type", String.valueOf(a.type()));
                action.put("quantity", a.quantity());
                action.put("price", a.price());
                action.put("stopPrice", a.stopPrice());
                action.put("leverage", a.leverage());
                action.put("reason", a.reason());
                action.values().removeIf(java.util.Objects::isNull);
                actions.add(action);
            }
            Map<String, Double> metrics = new java.util.LinkedHashMap<>();
            Decision.Metrics m = d.metrics();
            metrics.put("riskBudget", m.riskBudget());
            metrics.put("openRiskBefore", m.openRiskBefore());
            metrics.put("openRiskAfter", m.openRiskAfter());
            metrics.put("openRiskPctAfter", m.openRiskPctAfter());
            metrics.put("liquidationPrice", m.liquidationPrice());
            metrics.put("averageEntryPriceAfter", m.averageEntryPriceAfter());
            metrics.put("notionalAfter", m.notionalAfter());
            metrics.put("atr", m.atr());
            metrics.values().removeIf(java.util.Objects::isNull);
            return new Decided(String.valueOf(d.verdict()), actions,
                    d.violations().stream().map(Decision.Violation::code).toList(), d.adjustments(), metrics);
        }
    }

    /** One failing scenario: where it is, what it expects, what the candidate decides, and each difference. */
    public record Difference(String file, int line, int index, String note, JsonNode expected, Decided decided,
            List<String> failures) {
    }

    public static List<Difference> of(RuleSet candidate, SortedMap<String, String> scenarioFiles) {
        List<Difference> differences = new ArrayList<>();
        for (var file : scenarioFiles.entrySet()) {
            List<Scenario> scenarios;
            try {
                scenarios = ScenarioFiles.parse(file.getKey(), file.getValue());
            } catch (IOException | RuntimeException e) {
                continue; // the validation report names an unreadable file
            }
            for (Scenario scenario : scenarios) {
                ScenarioRunner.Outcome outcome = ScenarioRunner.run(candidate, scenario);
                if (!outcome.passed()) {
                    differences.add(new Difference(file.getKey(), ExpectationRewriter.lineOf(file.getValue(),
                            scenario.index()), scenario.index(), scenario.note(), scenario.expect(),
                            outcome.decision() == null ? null : Decided.of(outcome.decision()), outcome.failures()));
                }
            }
        }
        return differences;
    }
}

package io.positionpolicy.evaluation.scenario;

import io.positionpolicy.rules.CandidateCheck;
import io.positionpolicy.rules.RuleProblem;
import io.positionpolicy.rules.RuleSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** Every scenario of rules/tests/ must pass on a candidate rule set before it may go live. */
@ApplicationScoped
public class ScenarioGate implements CandidateCheck {

    @Override
    public List<RuleProblem> check(RuleSet candidate, SortedMap<String, String> scenarios) {
        List<RuleProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> file : scenarios.entrySet()) {
            List<Scenario> parsed;
            try {
                parsed = ScenarioFiles.parse(file.getKey(), file.getValue());
            } catch (IOException | RuntimeException e) {
                problems.add(new RuleProblem(RuleProblem.SCENARIO, file.getKey(), 0,
                        "unreadable scenario file: " + e.getMessage()));
                continue;
            }
            for (Scenario scenario : parsed) {
                ScenarioRunner.Outcome outcome = ScenarioRunner.run(candidate, scenario);
                if (!outcome.passed()) {
                    problems.add(new RuleProblem(RuleProblem.SCENARIO, file.getKey(),
                            lineOf(file.getValue(), scenario.index()),
                            "scenario " + (scenario.index() + 1) + " (" + scenario.note() + ") fails: "
                                    + String.join("; ", outcome.failures())));
                }
            }
        }
        return problems;
    }

    /** The line of the {@code index}-th "- note:" item, which is where a scenario starts in the files we write. */
    static int lineOf(String yaml, int index) {
        String[] lines = yaml.split("\n", -1);
        int seen = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].stripLeading().startsWith("- note:") && ++seen == index) {
                return i + 1;
            }
        }
        return 0;
    }
}

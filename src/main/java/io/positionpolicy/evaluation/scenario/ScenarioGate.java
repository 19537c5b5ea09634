package io.positionpolicy.evaluation.scenario;

import io.positionpolicy.rules.CandidateCheck;
import io.positionpolicy.rules.RuleProblem;
import io.positionpolicy.rules.RuleSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * Every scenario of rules/tests/ must pass on a candidate rule set before it may go live. This runs them in the
 * calling thread; the service runs them through {@link SandboxedScenarioGate}, in a worker JVM it can stop.
 */
public class ScenarioGate implements CandidateCheck {

    /** Where a scenario starts: its file, its line there, its position and note. */
    public record ScenarioStart(String file, int line, int index, String note) {
    }

    @Override
    public List<RuleProblem> check(RuleSet candidate, SortedMap<String, String> scenarios) {
        return check(candidate, scenarios, started -> { });
    }

    /** As {@link #check(RuleSet, SortedMap)}, telling {@code onStart} before each scenario runs. */
    public List<RuleProblem> check(RuleSet candidate, SortedMap<String, String> scenarios,
            Consumer<ScenarioStart> onStart) {
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
                int line = lineOf(file.getValue(), scenario.index());
                onStart.accept(new ScenarioStart(file.getKey(), line, scenario.index(), scenario.note()));
                ScenarioRunner.Outcome outcome = ScenarioRunner.run(candidate, scenario);
                if (!outcome.passed()) {
                    problems.add(new RuleProblem(RuleProblem.SCENARIO, file.getKey(), line,
                            "scenario " + (scenario.index() + 1) + " (" + scenario.note() + ") fails: "
                                    + String.join("; ", outcome.failures())
                                    + (outcome.stopped() ? "; the scenarios after it were not run" : "")));
                }
                if (outcome.stopped()) {
                    return problems; // one runaway is enough: the others would each spend the whole budget too
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

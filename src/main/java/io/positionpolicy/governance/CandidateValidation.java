package io.positionpolicy.governance;

import io.positionpolicy.evaluation.ResponseJson;
import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleProblem;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetReloader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Checks a whole candidate tree as it would go live — safety check, compile, every scenario — and, where scenarios
 * fail, works out what the candidate decides instead, so the differences can be read and accepted.
 */
final class CandidateValidation {
    private final RuleSetReloader reloader;

    CandidateValidation(RuleSetReloader reloader) {
        this.reloader = reloader;
    }

    /** The reload report of the candidate and its scenario differences; {@code json} is both, as kept. */
    record Result(ReloadReport report, List<ScenarioDifferences.Difference> scenarioDifferences, String json) {
    }

    Result validate(SortedMap<String, String> tree, String principal) {
        SortedMap<String, String> drl = ChangeSetFiles.drlOf(tree);
        SortedMap<String, String> scenarios = scenariosOf(tree);
        ReloadReport report = reloader.validate(drl, scenarios, principal);
        List<ScenarioDifferences.Difference> differences = List.of();
        boolean scenariosFail = report.problems().stream().anyMatch(p -> p.kind().equals(RuleProblem.SCENARIO));
        boolean otherwiseSound = report.problems().stream().allMatch(p -> p.kind().equals(RuleProblem.SCENARIO));
        if (scenariosFail && otherwiseSound) {
            differences = ScenarioDifferences.of(reloader.compileCandidate(drl), scenarios);
        }
        try {
            String json = ResponseJson.mapper().writeValueAsString(Map.of("report", report,
                    "scenarioDifferences", differences));
            return new Result(report, differences, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scenario files whose expectations the candidate's rules no longer meet, rewritten to what they decide. */
    Map<String, String> acceptResults(SortedMap<String, String> tree) {
        RuleSet candidate = reloader.compileCandidate(ChangeSetFiles.drlOf(tree));
        Map<String, String> rewritten = new TreeMap<>();
        for (var file : scenariosOf(tree).entrySet()) {
            try {
                String text = ExpectationRewriter.accept(file.getKey(), file.getValue(), candidate);
                if (!text.equals(file.getValue())) {
                    rewritten.put(file.getKey(), text);
                }
            } catch (IOException | RuntimeException e) {
                throw new GovernanceException(422, "rules-invalid", file.getKey() + ": cannot rewrite: "
                        + e.getMessage());
            }
        }
        return rewritten;
    }

    /** tests/*.yaml of the tree, keyed as the scenario runner names them (the file name). */
    static SortedMap<String, String> scenariosOf(SortedMap<String, String> tree) {
        SortedMap<String, String> scenarios = new TreeMap<>();
        tree.forEach((path, text) -> {
            if (path.startsWith("tests/") && (path.endsWith(".yaml") || path.endsWith(".yml"))) {
                scenarios.put(path, text);
            }
        });
        return scenarios;
    }
}

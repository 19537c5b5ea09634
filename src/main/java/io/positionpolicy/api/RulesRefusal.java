package io.positionpolicy.api;

import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.Problem;
import io.positionpolicy.rules.DrlSafetyCheck;
import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleFileEditor;
import io.positionpolicy.rules.RuleProblem;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The 422 {@code rules-invalid} problem for rules that would not load: a refused save, a rejected reload or
 * activation. Besides the RFC 9457 members and {@code errors[]} (what any problem reader shows), it keeps the whole
 * {@code report} (kinds, lines, timings) under the name a save's 200 answer uses, with a save's {@code path},
 * {@code written} and {@code sha256}, so a client reads the outcome of a save the same way whatever the status.
 */
public record RulesRefusal(String type, String title, int status, String detail, List<FieldError> errors,
        String path, Boolean written, String sha256, ReloadReport report) {

    /**
     * A save that would not load. Usually the check before writing refused it and nothing was written; but a save that
     * passed the check is written before its reload, and that reload can still be rejected (a scenario over its time
     * budget under load, the directory changed meanwhile): then the file holds the edit and the active version stays.
     */
    static Response refusedSave(RuleFileEditor.Saved saved) {
        return respond(saveDetail(saved.path(), saved.written(), saved.report().problems()), saved.path(),
                saved.written(), saved.sha256(), saved.report());
    }

    static String saveDetail(String path, boolean written, List<RuleProblem> problems) {
        return written
                ? "The edit of " + path + " was written, but the rule set with it " + summary(problems)
                        + "; the active version keeps serving"
                : "The edit of " + path + " " + summary(problems) + "; nothing was written";
    }

    /** A reload or an activation of {@code subject} that was rejected: the active version stays. */
    static Response rejected(String subject, String keeps, ReloadReport report) {
        return respond(subject + " " + summary(report.problems()) + "; " + keeps, null, null, null, report);
    }

    /** Each problem as a problem's error: the file (and line) as the field, the kind and message as the reason. */
    static List<FieldError> errors(List<RuleProblem> problems) {
        return problems.stream()
                .map(p -> new FieldError(p.line() > 0 ? p.file() + ":" + p.line() : p.file(),
                        p.kind() + ": " + p.message()))
                .toList();
    }

    private static Response respond(String detail, String path, Boolean written, String sha256,
            ReloadReport report) {
        RulesRefusal refusal = new RulesRefusal("urn:position-policy:problem:rules-invalid",
                "Rules not usable", 422, detail, errors(report.problems()), path, written, sha256, report);
        return Response.status(422).type(Problem.MEDIA_TYPE).entity(refusal).build();
    }

    /** What stands in the way, in a few words: "does not compile: 2 errors", "fails 1 scenario". */
    static String summary(List<RuleProblem> problems) {
        Map<String, Long> byKind = problems.stream()
                .collect(Collectors.groupingBy(RuleProblem::kind, LinkedHashMap::new, Collectors.counting()));
        if (byKind.size() != 1) {
            return "is not usable: " + count(problems.size(), "problem") + " (" + byKind.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ")";
        }
        Map.Entry<String, Long> only = byKind.entrySet().iterator().next();
        long n = only.getValue();
        return switch (only.getKey()) {
            case RuleProblem.COMPILE -> "does not compile: " + count(n, "error");
            case RuleProblem.SCENARIO -> "fails " + count(n, "scenario");
            case RuleProblem.LIMIT -> "overruns its budget in " + count(n, "scenario run");
            case DrlSafetyCheck.KIND -> "is refused by the safety check: " + count(n, "problem");
            default -> "is not usable: " + count(n, only.getKey() + " problem");
        };
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}

package io.positionpolicy.bench;

import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.rules.QuietLogging;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSources;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Quick in-process throughput harness (not JMH): evaluations per second of the shipped rule set on one thread, over
 * the requests of every scenario in rules/tests (a mix of OPEN, ADD, REDUCE, CLOSE and REVIEW, approved and rejected).
 * Run with scripts/bench-inprocess.sh.
 */
public final class InProcessThroughput {
    private InProcessThroughput() {
    }

    public static void main(String[] args) {
        QuietLogging.apply();
        Path rules = Path.of(args.length > 0 ? args[0] : "rules");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        RuleSet ruleSet = new RuleCompiler(InProcessThroughput.class.getClassLoader())
                .compile(RuleSources.readDrl(rules));
        List<EvaluationRequest> requests = scenarioRequests(rules);

        run(ruleSet, requests, 15, "warm-up");
        run(ruleSet, requests, seconds, "measured");
    }

    /** The request of every valid scenario in {@code rules}/tests, in file order. */
    public static List<EvaluationRequest> scenarioRequests(Path rules) {
        return ScenarioFiles.load(rules.resolve("tests")).stream()
                .filter(s -> !s.expect().has("invalid"))
                .map(Scenario::given).map(RequestParser::parse).toList();
    }

    /** Evaluates {@code requests} over and over for {@code seconds}, prints the rate under {@code label}, returns it. */
    public static double run(RuleSet ruleSet, List<EvaluationRequest> requests, int seconds, String label) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long count = 0;
        long started = System.nanoTime();
        while (System.nanoTime() < end) {
            for (EvaluationRequest request : requests) {
                Evaluator.evaluate(ruleSet, request);
            }
            count += requests.size();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d evaluations of %d distinct requests in %.1f s = %.0f evaluations/s "
                + "(%.1f us each) on one thread%n", label, count, requests.size(), elapsed, count / elapsed,
                elapsed / count * 1e6);
        return count / elapsed;
    }
}

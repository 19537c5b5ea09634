package io.positionpolicy.jmh;

import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.rules.QuietLogging;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSources;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One evaluation of the shipped rule set, in process: validation, facts, a pooled session, firing, the decision with
 * its messages. The requests are every valid scenario of rules/tests (OPEN, ADD, REVIEW, REDUCE, CLOSE; approved,
 * adjusted and rejected), taken round-robin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"})
public class EvaluationBenchmark {
    RuleSet ruleSet;
    EvaluationRequest[] requests;

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup
    public void setUp() {
        QuietLogging.apply();
        Path rules = Path.of("rules");
        ruleSet = new RuleCompiler(EvaluationBenchmark.class.getClassLoader()).compile(RuleSources.readDrl(rules));
        requests = scenarioRequests(rules);
    }

    /** Every valid request of the scenario files: the mix both this benchmark and ReferenceBenchmark run. */
    static EvaluationRequest[] scenarioRequests(Path rules) {
        return ScenarioFiles.load(rules.resolve("tests")).stream()
                .filter(s -> !s.expect().has("invalid")).map(Scenario::given).map(RequestParser::parse)
                .toArray(EvaluationRequest[]::new);
    }

    @Benchmark
    @Threads(1)
    public Decision mixOneThread(Cursor cursor) {
        return evaluate(cursor);
    }

    @Benchmark
    @Threads(2)
    public Decision mixTwoThreads(Cursor cursor) {
        return evaluate(cursor);
    }

    private Decision evaluate(Cursor cursor) {
        EvaluationRequest request = requests[cursor.next];
        cursor.next = cursor.next + 1 == requests.length ? 0 : cursor.next + 1;
        return Evaluator.evaluate(ruleSet, request);
    }
}

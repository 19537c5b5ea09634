package io.positionpolicy.jmh;

import io.positionpolicy.evaluation.EvaluationIds;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.reference.HandWrittenPolicy;
import io.positionpolicy.rules.QuietLogging;
import java.nio.file.Path;
import java.time.Instant;
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
 * The "speed of light" for {@link EvaluationBenchmark#mixOneThread}: the same requests (every valid scenario of
 * rules/tests, round-robin), the same settings, decided by the hand-written policy of the test sources instead of the
 * rule engine. It does the same work around the policy: validation, an evaluation id and time, the whole decision with
 * its messages and fired-rule list.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"})
public class ReferenceBenchmark {
    EvaluationRequest[] requests;

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup
    public void setUp() {
        QuietLogging.apply();
        requests = EvaluationBenchmark.scenarioRequests(Path.of("rules"));
    }

    @Benchmark
    @Threads(1)
    public Decision handWrittenOneThread(Cursor cursor) {
        EvaluationRequest request = requests[cursor.next];
        cursor.next = cursor.next + 1 == requests.length ? 0 : cursor.next + 1;
        return HandWrittenPolicy.evaluate(request, EvaluationIds.next().toString(), "hand-written", Instant.now());
    }
}

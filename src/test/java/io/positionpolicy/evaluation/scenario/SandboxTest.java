package io.positionpolicy.evaluation.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.rules.RuleProblem;
import io.positionpolicy.rules.RuleSources;
import io.positionpolicy.rules.StandardRuleSet;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Candidates run in a worker JVM that is killed when a scenario overruns its budget or the worker runs out of memory;
 * the candidate is refused naming the scenario, the killed worker is gone, and the next candidate runs in a new one.
 * The rules here pass the safety check: they are what only a run can find.
 */
class SandboxTest {
    static final String SPINS = io.positionpolicy.rules.RunawayRules.SPINS;
    /** 10,000 arrays of 10,000 doubles: 800 MB, more than the worker's heap. */
    static final String EATS_MEMORY = """
            package runaway;
            import io.positionpolicy.model.facts.*;
            rule "Keeps every array"
            when
                Account()
            then
                java.util.List<double[]> kept = new java.util.ArrayList<>();
                for (int i = 0; i < 10000; i++) { kept.add(new double[10000]); }
                insert( new Note("" + kept.size()) );
            end
            """;

    private static Sandbox sandbox;
    private static final SortedMap<String, String> SCENARIOS = RuleSources.readScenarios(StandardRuleSet.RULES);

    @BeforeAll
    static void start() {
        sandbox = new Sandbox(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(30), 128L << 20)
                .prestart();
    }

    @AfterAll
    static void stop() {
        long pid = sandbox.workerPid();
        sandbox.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void theShippedRulesPassInTheSandbox() {
        assertThat(sandbox.run(RuleSources.readDrl(StandardRuleSet.RULES), SCENARIOS)).isEmpty();
    }

    @Test
    void aScenarioThatDoesNotFinishIsStoppedAndNamed() {
        List<RuleProblem> problems = sandbox.run(with("runaway/Spins.drl", SPINS), SCENARIOS);
        long killed = sandbox.workerPid();

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(RuleProblem.LIMIT);
            assertThat(p.file()).startsWith("tests/").endsWith(".yaml");
            assertThat(p.line()).isPositive();
            assertThat(p.message()).contains("scenario 1 (").contains("did not finish within its time budget of 2 s");
        });
        assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(sandbox.run(RuleSources.readDrl(StandardRuleSet.RULES), SCENARIOS)).isEmpty();
        assertThat(sandbox.workerPid()).isNotEqualTo(killed);
    }

    @Test
    void aScenarioThatRunsTheWorkerOutOfMemoryIsStoppedAndNamed() {
        // a worker of its own with a time budget that only a hang would reach, so that on a busy machine the slow
        // first scenario of a cold worker cannot be stopped by the clock before the memory runs out
        List<RuleProblem> problems;
        try (Sandbox roomy = new Sandbox(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(30),
                128L << 20)) {
            problems = roomy.run(with("runaway/Eats.drl", EATS_MEMORY), SCENARIOS);
        }

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(RuleProblem.LIMIT);
            assertThat(p.file()).startsWith("tests/");
            assertThat(p.line()).isPositive();
            assertThat(p.message()).contains("ran out of its memory (128 MiB");
        });
        assertThat(sandbox.run(RuleSources.readDrl(StandardRuleSet.RULES), SCENARIOS)).isEmpty();
    }

    @Test
    void aCandidateThatDoesNotCompileIsReportedByFileAndLine() {
        List<RuleProblem> problems = sandbox.run(with("broken/Broken.drl", "package broken;\nrule \"X\" when\n"),
                SCENARIOS);

        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.kind()).isEqualTo("compile"))
                .anySatisfy(p -> assertThat(p.file()).isEqualTo("broken/Broken.drl"));
    }

    static SortedMap<String, String> with(String path, String text) {
        SortedMap<String, String> drl = new TreeMap<>(RuleSources.readDrl(StandardRuleSet.RULES));
        drl.put(path, text);
        return drl;
    }
}

package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.positionpolicy.evaluation.scenario.Sandbox;
import io.positionpolicy.evaluation.scenario.SandboxedScenarioGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a rule that spins, written into the watched directory and deleted again, is refused with the scenario it
 * did not finish, its run is killed, and the next valid edit goes live: the reloader is never left stuck.
 */
class RunawayRulesReloadTest {
    private static final String SPINS = io.positionpolicy.rules.RunawayRules.SPINS;
    private static final String NOTES = ExtraRules.NOTES;

    private final RuleSetHolder holder = new RuleSetHolder();
    private final BlockingQueue<ReloadReport> reports = new LinkedBlockingQueue<>();
    private Sandbox sandbox;

    @BeforeEach
    void start() {
        QuietLogging.apply();
        sandbox = new Sandbox(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(30), 256L << 20)
                .prestart();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aSpinningFileWrittenThenDeletedLeavesTheReloaderReadyForTheNextEdit(@TempDir Path dir) throws Exception {
        RulesTree tree = RulesTree.copy(dir, true);
        RuleSetReloader reloader = new RuleSetReloader(dir, holder, new RuleCompiler(getClass().getClassLoader()),
                List.of(new SandboxedScenarioGate(sandbox)), activated -> { }, reports::add,
                new SimpleMeterRegistry());
        assertThat(reloader.reload("startup", "system").outcome()).isEqualTo("activated");
        String good = holder.current().orElseThrow().version();
        reports.clear();

        try (RulesWatcher watcher = new RulesWatcher(dir, Duration.ofMillis(100),
                () -> reloader.reload("file-change", "watcher"))) {
            tree.write("runaway/Spins.drl", SPINS);
            ReloadReport spun = await(r -> r.outcome().equals("rejected"));
            long killed = sandbox.workerPid();
            assertThat(spun.problems()).anySatisfy(p -> {
                assertThat(p.kind()).isEqualTo(RuleProblem.LIMIT);
                assertThat(p.file()).startsWith("tests/");
                assertThat(p.line()).isPositive();
                assertThat(p.message()).contains("did not finish within its time budget");
            });
            assertThat(holder.current().orElseThrow().version()).isEqualTo(good);

            tree.delete("runaway/Spins.drl");
            tree.write("extra/Notes.drl", NOTES);
            ReloadReport live = await(r -> r.outcome().equals("activated"));

            assertThat(live.version()).isEqualTo(tree.version());
            assertThat(holder.current().orElseThrow().version()).isEqualTo(tree.version());
            assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false))
                    .as("the worker that ran the spinning rule is gone").isFalse();
        }
    }

    /** The next report that matches, skipping others (a delete alone reloads as "unchanged"). */
    private ReloadReport await(Predicate<ReloadReport> wanted) throws InterruptedException {
        while (true) {
            ReloadReport report = reports.poll(120, TimeUnit.SECONDS);
            assertThat(report).as("a reload report (the watcher must keep reloading)").isNotNull();
            if (wanted.test(report)) {
                return report;
            }
        }
    }
}

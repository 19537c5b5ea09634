package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.positionpolicy.evaluation.scenario.ScenarioGate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All-or-nothing loading: compile, scenarios, archive, swap; anything wrong keeps the last good rule set. */
class RuleSetReloaderTest {
    private final RuleSetHolder holder = new RuleSetHolder();
    private final List<RuleSetActivated> activations = new ArrayList<>();

    private RuleSetReloader reloader(Path dir) {
        QuietLogging.apply();
        return new RuleSetReloader(dir, holder, new RuleCompiler(getClass().getClassLoader()),
                List.of(new ScenarioGate()), activations::add, new SimpleMeterRegistry());
    }

    @Test
    void activatesAValidTreeAndSkipsAnUnchangedOne(@TempDir Path dir) throws Exception {
        RulesTree tree = RulesTree.copy(dir, true);
        RuleSetReloader reloader = reloader(dir);

        ReloadReport first = reloader.reload("startup", "system");
        assertThat(first.outcome()).isEqualTo("activated");
        assertThat(first.scenarios()).isEqualTo(12); // 9 + trading-states, protections, instrument-limits
        assertThat(holder.current().orElseThrow().version()).isEqualTo(tree.version());
        assertThat(reloader.reload("api", "alice").outcome()).isEqualTo("unchanged");
        assertThat(activations).hasSize(1);

        tree.write("extra/Notes.drl", """
                package extra;
                import io.positionpolicy.model.facts.*;
                rule "Every review: note it"
                when
                    Review()
                then
                    insert( new Note("reviewed") );
                end
                """);
        ReloadReport added = reloader.reload("file-change", "watcher");
        assertThat(added.outcome()).isEqualTo("activated");
        assertThat(added.version()).isNotEqualTo(first.version()).isEqualTo(tree.version());
        assertThat(activations).extracting(RuleSetActivated::trigger).containsExactly("startup", "file-change");
    }

    @Test
    void aBrokenEditKeepsTheLastGoodRuleSetAndSaysFileAndLine(@TempDir Path dir) throws Exception {
        RulesTree tree = RulesTree.copy(dir, true);
        RuleSetReloader reloader = reloader(dir);
        String good = reloader.reload("startup", "system").version();

        tree.write("entry/Volatility.drl", tree.read("entry/Volatility.drl").replace("$maxAtrPct )", "$maxAtrPct"));
        ReloadReport broken = reloader.reload("file-change", "watcher");

        assertThat(broken.outcome()).isEqualTo("rejected");
        assertThat(broken.problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo("compile");
            assertThat(p.file()).isEqualTo("entry/Volatility.drl");
            assertThat(p.line()).isPositive();
        });
        assertThat(holder.current().orElseThrow().version()).isEqualTo(good);
        assertThat(reloader.status().lastAttempt()).isEqualTo(broken);
        assertThat(reloader.status().activeVersion()).isEqualTo(good);
    }

    @Test
    void anUnsafeEditNeverGoesLiveAndItsScenariosNeverRun(@TempDir Path dir) throws Exception {
        RulesTree tree = RulesTree.copy(dir, true);
        RuleSetReloader reloader = reloader(dir);
        String good = reloader.reload("startup", "system").version();

        tree.write("entry/Exfiltrate.drl", """
                package entry;
                import io.positionpolicy.model.facts.*;
                rule "Copy accounts to a file"
                when
                    $a : Account()
                then
                    java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/accounts"), $a.getId());
                end
                """);
        ReloadReport report = reloader.reload("file-change", "watcher");

        assertThat(report.outcome()).isEqualTo("rejected");
        assertThat(report.problems()).allSatisfy(p -> assertThat(p.kind()).isEqualTo("safety"))
                .anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo("entry/Exfiltrate.drl");
                    assertThat(p.line()).isEqualTo(7);
                });
        assertThat(java.nio.file.Files.exists(Path.of("/tmp/accounts"))).isFalse();
        assertThat(holder.current().orElseThrow().version()).isEqualTo(good);
    }

    @Test
    void anEditThatFailsAScenarioDoesNotGoLive(@TempDir Path dir) throws Exception {
        RulesTree tree = RulesTree.copy(dir, true);
        RuleSetReloader reloader = reloader(dir);
        String good = reloader.reload("startup", "system").version();

        tree.save("parameters/Parameters.drl",
                RulesTree.parametersWithRisk(tree.read("parameters/Parameters.drl"), "0.0075"));
        ReloadReport report = reloader.reload("file-change", "watcher");

        assertThat(report.outcome()).isEqualTo("rejected");
        assertThat(report.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.kind()).isEqualTo("scenario"));
        assertThat(report.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("tests/worked-example.yaml");
            assertThat(p.line()).isPositive();
            assertThat(p.message()).contains("Step 2");
        });
        assertThat(holder.current().orElseThrow().version()).isEqualTo(good);
    }

    @Test
    void validationReportsTheSameAndActivatesNothing(@TempDir Path dir) throws Exception {
        RulesTree.copy(dir, true);
        RuleSetReloader reloader = reloader(dir);
        String good = reloader.reload("startup", "system").version();

        SortedMap<String, String> drl = new TreeMap<>(RuleSources.readDrl(dir));
        drl.put("entry/Bad.drl", "package entry;\nrule \"Unfinished\"\nwhen\n");
        ReloadReport bad = reloader.validate(drl, RuleSources.readScenarios(dir), "alice");
        assertThat(bad.outcome()).isEqualTo("rejected");
        assertThat(bad.problems()).anySatisfy(p -> assertThat(p.file()).isEqualTo("entry/Bad.drl"));

        drl.remove("entry/Bad.drl");
        assertThat(reloader.validate(drl, RuleSources.readScenarios(dir), "alice").outcome()).isEqualTo("valid");
        assertThat(holder.current().orElseThrow().version()).isEqualTo(good);
        assertThat(activations).hasSize(1);
    }

    /**
     * A cluster's rollback or save publishes a version to the shared store and then loads it. The replica's poller
     * reloads whenever the store's active version changes; here it tries at the worst moment, right after the
     * publish. The caller must still be told "activated", with the activation recorded as theirs.
     */
    @Test
    void whoPublishesAVersionLoadsItEvenWhenThePollerTriesAtTheSameMoment(@TempDir Path dir) throws Exception {
        RulesTree tree = RulesTree.copy(dir, true);
        AtomicReference<RuleFilesSource.RuleFiles> published = new AtomicReference<>(
                new RuleFilesSource.RuleFiles(RuleSources.readDrl(dir), RuleSources.readScenarios(dir)));
        AtomicReference<ReloadReport> poller = new AtomicReference<>();
        AtomicReference<RuleSetReloader> self = new AtomicReference<>();
        AtomicReference<Thread> polling = new AtomicReference<>();
        RuleFilesSource store = new RuleFilesSource() {
            @Override
            public RuleFiles read() {
                return published.get();
            }

            @Override
            public String describe() {
                return "a store in memory";
            }

            @Override
            public void publish(RuleFiles files, String trigger, String principal) {
                published.set(files);
                Thread poll = new Thread(() -> poller.set(self.get().reload("cluster", "system")));
                polling.set(poll);
                poll.start();
                // until the poller either waits for this caller's reload or has done its own
                while (poll.getState() != Thread.State.BLOCKED && poll.getState() != Thread.State.TERMINATED) {
                    Thread.onSpinWait();
                }
            }
        };
        RuleSetReloader reloader = new RuleSetReloader(store, holder,
                new RuleCompiler(getClass().getClassLoader()), List.of(new ScenarioGate()), activations::add,
                report -> { }, new SimpleMeterRegistry());
        self.set(reloader);
        String first = reloader.reload("startup", "system").version();

        SortedMap<String, String> drl = new TreeMap<>(published.get().drl());
        drl.put("extra/Notes.drl", """
                package extra;
                import io.positionpolicy.model.facts.*;
                rule "Every review: note it"
                when
                    Review()
                then
                    insert( new Note("reviewed") );
                end
                """);
        ReloadReport mine = reloader.publishAndReload(
                new RuleFilesSource.RuleFiles(drl, published.get().scenarios()), "rollback", "risk");

        assertThat(mine.outcome()).isEqualTo("activated");
        assertThat(mine.version()).isNotEqualTo(first).isEqualTo(RuleSources.version(drl));
        assertThat(holder.current().orElseThrow().version()).isEqualTo(mine.version());
        assertThat(activations).extracting(RuleSetActivated::trigger).containsExactly("startup", "rollback");
        assertThat(activations.get(1).principal()).isEqualTo("risk");
        polling.get().join();
        assertThat(poller.get().outcome()).isEqualTo("unchanged");
        assertThat(tree.version()).isEqualTo(first); // the directory it was copied from is untouched
    }
}

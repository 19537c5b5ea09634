package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    private static final String NOTES = ExtraRules.NOTES;
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
        assertThat(first.scenarios()).isEqualTo(13); // 9 + trading-states, protections, instrument-limits, sub-cent-prices
        assertThat(holder.current().orElseThrow().version()).isEqualTo(tree.version());
        assertThat(reloader.reload("api", "alice").outcome()).isEqualTo("unchanged");
        assertThat(activations).hasSize(1);

        tree.write("extra/Notes.drl", NOTES);
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

    private RuleSetReloader reloader(RuleFilesSource source) {
        QuietLogging.apply();
        return new RuleSetReloader(source, holder, new RuleCompiler(getClass().getClassLoader()),
                List.of(new ScenarioGate()), activations::add, report -> { }, new SimpleMeterRegistry());
    }

    /**
     * A cluster's rollback or save publishes a version to the shared store and then loads it. The replica's poller
     * reloads whenever the store's active version changes; here it tries at the worst moment, right after the
     * publish. The caller must still be told "activated", with the activation recorded as theirs.
     */
    @Test
    void whoPublishesAVersionLoadsItEvenWhenThePollerTriesAtTheSameMoment(@TempDir Path dir) throws Exception {
        RulesTree.copy(dir, true);
        StoreInMemory store = new StoreInMemory(dir);
        RuleSetReloader reloader = reloader(store);
        String first = reloader.reload("startup", "system").version();
        AtomicReference<ReloadReport> poller = new AtomicReference<>();
        AtomicReference<Thread> polling = new AtomicReference<>();
        store.afterPublish = () -> {
            Thread poll = new Thread(() -> poller.set(reloader.reload("cluster", "system")));
            polling.set(poll);
            poll.start();
            // until the poller either waits for this caller's reload or has done its own
            while (poll.getState() != Thread.State.BLOCKED && poll.getState() != Thread.State.TERMINATED) {
                Thread.onSpinWait();
            }
        };

        RuleFilesSource.RuleFiles withNotes = store.plus("extra/Notes.drl", NOTES);
        ReloadReport mine = reloader.publishAndReload(withNotes, null, "rollback", "risk");

        assertThat(mine.outcome()).isEqualTo("activated");
        assertThat(mine.version()).isNotEqualTo(first).isEqualTo(withNotes.version());
        assertThat(holder.current().orElseThrow().version()).isEqualTo(mine.version());
        assertThat(activations).extracting(RuleSetActivated::trigger).containsExactly("startup", "rollback");
        assertThat(activations.get(1).principal()).isEqualTo("risk");
        polling.get().join();
        assertThat(poller.get().outcome()).isEqualTo("unchanged");
    }

    /**
     * Another replica publishes its own version right after this one published: this caller is answered with the
     * version it published, not the other's, and the other's then comes in as the cluster's, by the poller.
     */
    @Test
    void aPublisherIsAnsweredWithItsOwnVersionWhenAnotherReplicaPublishesRightAfter(@TempDir Path dir)
            throws Exception {
        RulesTree.copy(dir, true);
        StoreInMemory store = new StoreInMemory(dir);
        RuleSetReloader reloader = reloader(store);
        reloader.reload("startup", "system");
        RuleFilesSource.RuleFiles mineFiles = store.plus("extra/Notes.drl", NOTES);
        RuleFilesSource.RuleFiles theirs = store.plus("extra/Other.drl", ExtraRules.notes("Each review: note it"));
        store.afterPublish = () -> store.active.set(theirs);

        ReloadReport mine = reloader.publishAndReload(mineFiles, store.read().version(), "save", "alice");

        assertThat(mine.outcome()).isEqualTo("activated");
        assertThat(mine.version()).isEqualTo(mineFiles.version()).isNotEqualTo(theirs.version());
        ReloadReport polled = reloader.reload("cluster", "system");
        assertThat(polled.outcome()).isEqualTo("activated");
        assertThat(polled.version()).isEqualTo(theirs.version());
        assertThat(activations).extracting(a -> a.trigger() + " by " + a.principal())
                .containsExactly("startup by system", "save by alice", "cluster by system");
    }

    /** A change made on a version that is no longer active publishes nothing and loads nothing. */
    @Test
    void aChangeMadeOnAVersionNoLongerActiveIsRefused(@TempDir Path dir) throws Exception {
        RulesTree.copy(dir, true);
        StoreInMemory store = new StoreInMemory(dir);
        RuleSetReloader reloader = reloader(store);
        String first = reloader.reload("startup", "system").version();
        RuleFilesSource.RuleFiles theirs = store.plus("extra/Other.drl", NOTES);
        reloader.publishAndReload(theirs, first, "save", "bob");

        RuleFilesSource.RuleFiles late = new RuleFilesSource.RuleFiles(new TreeMap<>(theirs.drl()),
                theirs.scenarios());
        late.drl().remove("extra/Other.drl");
        late.drl().put("extra/Notes.drl", NOTES);
        assertThatThrownBy(() -> reloader.publishAndReload(late, first, "save", "alice"))
                .isInstanceOf(RuleSetMovedException.class)
                .satisfies(e -> assertThat(((RuleSetMovedException) e).actual()).isEqualTo(theirs.version()));
        assertThat(store.read().version()).isEqualTo(theirs.version());
        assertThat(holder.current().orElseThrow().version()).isEqualTo(theirs.version());
        assertThat(activations).extracting(RuleSetActivated::principal).containsExactly("system", "bob");
    }
}

package io.positionpolicy.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.positionpolicy.audit.AuditDatabase;
import io.positionpolicy.audit.RuleSetArchive;
import io.positionpolicy.audit.TestStores;
import io.positionpolicy.evaluation.scenario.ScenarioGate;
import io.positionpolicy.rules.DecisionTables;
import io.positionpolicy.rules.ExtraRules;
import io.positionpolicy.rules.QuietLogging;
import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.RuleSetReloader;
import io.positionpolicy.rules.RuleSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change set is checked against the live version, then its tree is built and published. Another change that goes
 * live in between (a save, another change set, a rollback) must not be overwritten by that tree: the change set is
 * refused, goes back to APPROVED to be rebased, and the other change stays live.
 */
class ConcurrentActivationTest {
    private static final String NOTES = ExtraRules.NOTES;

    /**
     * The directory publisher, with what happens at the next publish: another change going live just before it, or a
     * failure before it writes anything or after its files went live.
     */
    private static final class StagedPublisher implements RuleSetPublisher {
        private final RuleSetPublisher real;
        Runnable beforePublish = () -> { };
        java.util.function.Supplier<Throwable> failure;
        boolean failAfterWriting;

        StagedPublisher(RuleSetPublisher real) {
            this.real = real;
        }

        @Override
        public SortedMap<String, String> currentFiles() {
            return real.currentFiles();
        }

        @Override
        public ReloadReport publish(SortedMap<String, String> files, String base, String trigger, String principal) {
            Runnable race = beforePublish;
            java.util.function.Supplier<Throwable> fail = failure;
            beforePublish = () -> { };
            failure = null;
            race.run();
            if (fail == null) {
                return real.publish(files, base, trigger, principal);
            }
            if (failAfterWriting) {
                real.publish(files, base, trigger, principal);
            }
            Throwable thrown = fail.get();
            if (thrown instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) thrown;
        }
    }

    @Test
    void aChangeThatWentLiveMeanwhileIsNotOverwrittenByAChangeSetBuiltBeforeIt(@TempDir Path dir) throws Exception {
        QuietLogging.apply();
        copyShippedRules(dir);
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl("h2"))) {
            start(dir, db);
            StagedPublisher publisher = new StagedPublisher(new DirectoryPublisher(reloader));
            ChangeSets changeSets = new ChangeSets(new ChangeSetStore(db.dataSource()),
                    new CandidateValidation(reloader), publisher, 0, Clock.systemUTC(), archived());
            ChangeSet set = changeSets.create("Notes", "", Map.of("extra/Notes.drl", NOTES), null, "alice");
            publisher.beforePublish = () -> { // someone else's change goes live first
                write(dir, "extra/Other.drl", ExtraRules.notes("Each review: note it"));
                assertThat(reloader.reload("file-change", "watcher").outcome()).isEqualTo("activated");
            };

            assertThatThrownBy(() -> changeSets.propose(set.id(), "", "alice"))
                    .isInstanceOf(GovernanceException.class)
                    .satisfies(e -> assertThat(((GovernanceException) e).status()).isEqualTo(409))
                    .hasMessageContaining("did not go live");

            String otherLive = holder.current().orElseThrow().version();
            assertThat(Files.exists(dir.resolve("extra/Other.drl"))).isTrue();
            assertThat(Files.exists(dir.resolve("extra/Notes.drl"))).isFalse();
            ChangeSet refused = changeSets.get(set.id());
            assertThat(refused.state()).isEqualTo(ChangeSet.State.APPROVED);
            assertThat(refused.events()).extracting(ChangeSet.Event::action).endsWith("activation-refused");

            ChangeSet rebased = changeSets.rebase(set.id(), "alice"); // on the live version, then it goes live
            assertThat(rebased.state()).isEqualTo(ChangeSet.State.ACTIVE);
            assertThat(rebased.baseVersion()).isEqualTo(otherLive);
            assertThat(Files.exists(dir.resolve("extra/Other.drl"))).isTrue();
            assertThat(Files.exists(dir.resolve("extra/Notes.drl"))).isTrue();
            assertThat(holder.current().orElseThrow().version()).isEqualTo(rebased.activatedVersion());
        }
    }

    /**
     * Until 2026-12-07 a change set approved on an older version, rebased by its author, went live at once with its
     * whole text, and so undid every other approved change to the same file since its base: here the experienced
     * tier's initial risk, which nobody approved taking back. Now the rebase puts it back in DRAFT, approvals void.
     */
    @Test
    void aRebaseOverAnotherChangeToTheSameFileVoidsTheApprovals(@TempDir Path dir) throws Exception {
        QuietLogging.apply();
        copyShippedRules(dir);
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl("h2"))) {
            start(dir, db);
            ChangeSets changeSets = new ChangeSets(new ChangeSetStore(db.dataSource()),
                    new CandidateValidation(reloader), new DirectoryPublisher(reloader), 1, Clock.systemUTC(),
                    archived());
            String parameters = Files.readString(dir.resolve("parameters/Parameters.drl"));
            String standard = ".initialRiskPct(0.005)         // risk of the first entry when no quantity is asked";
            String experienced = ".initialRiskPct(0.005)\n";
            assertThat(parameters).contains(standard).containsOnlyOnce(experienced);

            ChangeSet mine = changeSets.create("Standard entries 0.4 %", "", Map.of("parameters/Parameters.drl",
                    parameters.replace(standard, standard.replace("0.005)", "0.004)"))), null, "alice");
            ChangeSet theirs = changeSets.create("Experienced entries 0.3 %", "", Map.of("parameters/Parameters.drl",
                    parameters.replace(experienced, ".initialRiskPct(0.003)\n")), null, "carol");
            for (ChangeSet set : List.of(mine, theirs)) {
                changeSets.acceptResults(set.id(), set.author());
                changeSets.propose(set.id(), "", set.author());
            }
            assertThat(changeSets.approve(theirs.id(), "", "bob").state()).isEqualTo(ChangeSet.State.ACTIVE);
            assertThat(changeSets.approve(mine.id(), "", "bob").state()).isEqualTo(ChangeSet.State.APPROVED);
            String theirsLive = holder.current().orElseThrow().version();

            ChangeSet rebased = changeSets.rebase(mine.id(), "alice");
            assertThat(rebased.state()).isEqualTo(ChangeSet.State.DRAFT);
            assertThat(rebased.approvers()).isEmpty();
            assertThat(rebased.baseVersion()).isEqualTo(theirsLive);
            // named with the scenario files whose results both accepted (until 2026-12-08 those were overwritten)
            assertThat(rebased.events().get(rebased.events().size() - 1).detail())
                    .contains("; parameters/Parameters.drl, tests/").contains("tests/worked-example.yaml")
                    .endsWith(" changed in another version since the base, and this change set's text would undo "
                            + "that: back to DRAFT, approvals void, to take that change in and propose it again");
            assertThat(holder.current().orElseThrow().version()).isEqualTo(theirsLive);
            assertThat(Files.readString(dir.resolve("parameters/Parameters.drl"))).contains(".initialRiskPct(0.003)")
                    .contains(standard);
            assertThatThrownBy(() -> changeSets.activate(mine.id(), "alice")).isInstanceOf(GovernanceException.class)
                    .hasMessageContaining("is DRAFT");
        }
    }

    /** Stands for the process being killed: nothing in the service catches an Error. */
    private static final class Killed extends Error {
    }

    /**
     * An activation that failed between its claim and its end (the disk full, the store lost, the process killed)
     * left the change set ACTIVATING for good: no step takes a change set out of that state, so it could be neither
     * activated again nor withdrawn, and when its files had gone live it did not say so. Now what went live is read
     * back: the change set is ACTIVE if its files are live, APPROVED again (to be activated again) if not.
     */
    @Test
    void anActivationThatFailsPartWayIsSettledByWhatWentLive(@TempDir Path dir) throws Exception {
        QuietLogging.apply();
        copyShippedRules(dir);
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl("h2"))) {
            start(dir, db);
            StagedPublisher publisher = new StagedPublisher(new DirectoryPublisher(reloader));
            ChangeSetStore store = new ChangeSetStore(db.dataSource());
            ChangeSets changeSets = new ChangeSets(store, new CandidateValidation(reloader), publisher, 0,
                    Clock.systemUTC(), archived());
            String before = holder.current().orElseThrow().version();

            // the disk fails before anything is written: 503, nothing live, APPROVED again, and it goes live next time
            ChangeSet first = changeSets.create("Notes", "", Map.of("extra/Notes.drl", NOTES), null, "alice");
            publisher.failure = () -> new java.io.UncheckedIOException(new IOException("No space left on device"));
            assertThatThrownBy(() -> changeSets.propose(first.id(), "", "alice"))
                    .isInstanceOf(GovernanceException.class)
                    .satisfies(e -> assertThat(((GovernanceException) e).status()).isEqualTo(503))
                    .hasMessageContaining("did not go live").hasMessageContaining("No space left on device");
            ChangeSet returned = changeSets.get(first.id());
            assertThat(returned.state()).isEqualTo(ChangeSet.State.APPROVED);
            assertThat(returned.events()).extracting(ChangeSet.Event::action).endsWith("activation-interrupted");
            assertThat(holder.current().orElseThrow().version()).isEqualTo(before);
            assertThat(changeSets.activate(first.id(), "alice").state()).isEqualTo(ChangeSet.State.ACTIVE);

            // the store is lost after the files went live: the change set says it is ACTIVE, with the live version
            ChangeSet second = changeSets.create("More notes", "", Map.of("extra/Other.drl",
                    ExtraRules.notes("Each review: note it")), null, "alice");
            publisher.failAfterWriting = true;
            publisher.failure = () -> new IllegalStateException("connection to the store lost");
            ChangeSet settled = changeSets.propose(second.id(), "", "alice");
            assertThat(settled.state()).isEqualTo(ChangeSet.State.ACTIVE);
            assertThat(settled.activatedVersion()).isEqualTo(holder.current().orElseThrow().version())
                    .isNotEqualTo(changeSets.get(first.id()).activatedVersion());
            assertThat(settled.events().get(settled.events().size() - 1).detail())
                    .contains("interrupted after its files went live: connection to the store lost");

            // the process dies between the claim and the end (an Error stands for the kill: nothing catches it)
            ChangeSet third = changeSets.create("Yet more notes", "", Map.of("extra/Third.drl",
                    ExtraRules.notes("Each review: note it again")), null, "alice");
            publisher.failAfterWriting = false;
            publisher.failure = Killed::new;
            assertThatThrownBy(() -> changeSets.propose(third.id(), "", "alice")).isInstanceOf(Killed.class);
            assertThat(changeSets.get(third.id()).state()).isEqualTo(ChangeSet.State.ACTIVATING);
            assertThat(store.activatingSince(java.time.Instant.now().minusSeconds(600))).isEmpty(); // may be running
            assertThat(store.activatingSince(java.time.Instant.now().plusSeconds(1))).containsExactly(third.id());
            ChangeSet recovered = changeSets.settleInterrupted(third.id(), "recovery", "the process stopped");
            assertThat(recovered.state()).isEqualTo(ChangeSet.State.APPROVED);
            assertThat(changeSets.activate(third.id(), "alice").state()).isEqualTo(ChangeSet.State.ACTIVE);
            assertThat(Files.exists(dir.resolve("extra/Third.drl"))).isTrue();
        }
    }

    /**
     * A write that fails part-way (here: a directory cannot be made where a file stands; in life, a full disk) left
     * the files written before it, so the file watcher loaded half a change. Now the previous files are put back.
     */
    @Test
    void aPublishThatCannotWriteEveryFileLeavesTheDirectoryAsItWas(@TempDir Path dir) throws Exception {
        QuietLogging.apply();
        copyShippedRules(dir);
        Files.writeString(dir.resolve("zz"), "a file where the publish needs a directory");
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl("h2"))) {
            start(dir, db);
            DirectoryPublisher publisher = new DirectoryPublisher(reloader);
            SortedMap<String, String> before = publisher.currentFiles();
            SortedMap<String, String> tree = new java.util.TreeMap<>(before);
            tree.put("extra/Notes.drl", NOTES); // written first
            tree.put("zz/Notes.drl", NOTES); // cannot be written
            tree.remove("exits/TraderExits.drl"); // deleted after the writes

            assertThatThrownBy(() -> publisher.publish(tree, holder.current().orElseThrow().version(), "change-set",
                    "alice")).isInstanceOf(java.io.UncheckedIOException.class);

            assertThat(Files.exists(dir.resolve("extra/Notes.drl"))).isFalse();
            assertThat(publisher.currentFiles()).isEqualTo(before);
        }
    }

    private RuleSetArchive archive;
    private RuleSetHolder holder;
    private RuleSetReloader reloader;

    /** Loads the rules of {@code dir} as the service starts, with every activation archived as the service's are. */
    private void start(Path dir, AuditDatabase db) {
        archive = new RuleSetArchive(db.dataSource());
        holder = new RuleSetHolder();
        reloader = archivingReloader(dir, holder, archive);
        reloader.reload("startup", "system");
    }

    /** A reloader of {@code dir} whose activations are archived, as the service's are. */
    static RuleSetReloader archivingReloader(Path dir, RuleSetHolder holder, RuleSetArchive archive) {
        return new RuleSetReloader(dir, holder, new RuleCompiler(ConcurrentActivationTest.class.getClassLoader()),
                List.of(new ScenarioGate()), activated -> archive.recordActivation(activated.ruleSet().version(),
                        activated.allFiles(), activated.trigger(), activated.principal(), "test"),
                new SimpleMeterRegistry());
    }

    /** The archived files of a version, as governance reads them. */
    private java.util.function.Function<String, java.util.Optional<SortedMap<String, String>>> archived() {
        return version -> archive.find(version).map(RuleSetArchive.ArchivedRuleSet::files);
    }

    static void copyShippedRules(Path dir) throws IOException {
        for (Map.Entry<String, String> file : RuleSources.readDrl(Path.of("rules")).entrySet()) {
            write(dir, file.getKey(), file.getValue());
        }
        for (Map.Entry<String, String> file : RuleSources.readScenarios(Path.of("rules")).entrySet()) {
            write(dir, file.getKey(), file.getValue());
        }
    }

    static void write(Path dir, String path, String text) {
        try {
            Files.createDirectories(dir.resolve(path).getParent());
            Files.write(dir.resolve(path), DecisionTables.bytes(path, text));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

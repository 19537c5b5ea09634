package io.positionpolicy.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.positionpolicy.audit.TestStores;
import io.positionpolicy.governance.ChangeSet.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A change set remembers, per file, the live text it replaces; it never goes live over a file that another change
 * made different since, scenario files included (which the base version, taken over the rule files, does not see).
 */
class ChangeSetFilesTest {
    private static final String REVIEW = "tests/review.yaml";

    static List<String> stores() {
        return TestStores.kinds();
    }

    /**
     * Until 2026-12-08 two change sets written on the same version that changed the same scenario file both went
     * live: the second overwrote the first's approved text, and nobody approved taking it back. Now the second waits
     * (409 naming the file), its rebase puts it back in DRAFT with its approvals void, and once it takes the other
     * change in and is approved again both changes are live.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void aScenarioFileChangedByAnotherChangeSetIsNotOverwritten(String store, @TempDir Path dir) throws Exception {
        try (GovernedRules rules = new GovernedRules(dir, store, 1, Clock.systemUTC())) {
            ChangeSets sets = rules.changeSets;
            String review = Files.readString(dir.resolve(REVIEW));
            ChangeSet theirs = sets.create("Review scenarios: a note", "", Map.of(REVIEW, review + "# carol's note\n"),
                    null, "carol");
            ChangeSet mine = sets.create("Review scenarios: another note", "", Map.of(REVIEW,
                    review + "# alice's note\n"), null, "alice");
            assertThat(mine.replaces()).containsExactly(Map.entry(REVIEW, ChangeSetFiles.of(review)));
            sets.propose(theirs.id(), "", "carol");
            sets.propose(mine.id(), "", "alice");
            assertThat(sets.approve(theirs.id(), "", "bob").state()).isEqualTo(State.ACTIVE);
            String theirsLive = rules.liveVersion();

            assertThat(sets.approve(mine.id(), "", "bob").state()).as("it waits: its file changed since")
                    .isEqualTo(State.APPROVED);
            assertThat(Files.readString(dir.resolve(REVIEW))).endsWith("# carol's note\n");
            assertThatThrownBy(() -> sets.activate(mine.id(), "bob")).isInstanceOf(GovernanceException.class)
                    .satisfies(e -> assertThat(((GovernanceException) e).status()).isEqualTo(409))
                    .hasMessage("change set " + mine.id() + " would undo a change made since it was written to "
                            + REVIEW + " (its whole text replaces what was live then): rebase it first, which puts "
                            + "it back in DRAFT to take that change in");
            assertThat(sets.get(mine.id()).state()).isEqualTo(State.APPROVED);
            assertThat(Files.readString(dir.resolve(REVIEW))).endsWith("# carol's note\n");

            ChangeSet rebased = sets.rebase(mine.id(), "alice");
            assertThat(rebased.state()).isEqualTo(State.DRAFT);
            assertThat(rebased.approvers()).isEmpty();
            assertThat(rebased.events().get(rebased.events().size() - 1).detail())
                    .contains("; " + REVIEW + " changed in another version since the base");
            String carols = review + "# carol's note\n";
            assertThat(rebased.replaces()).containsExactly(Map.entry(REVIEW, ChangeSetFiles.of(carols)));
            sets.edit(mine.id(), Map.of(REVIEW, carols + "# alice's note\n"), "alice");
            sets.propose(mine.id(), "both notes", "alice");
            ChangeSet live = sets.approve(mine.id(), "", "bob");
            assertThat(live.state()).isEqualTo(State.ACTIVE);
            assertThat(Files.readString(dir.resolve(REVIEW))).endsWith("# carol's note\n# alice's note\n");
            assertThat(rules.liveVersion()).as("scenario files are not part of the version").isEqualTo(theirsLive);
            assertThat(rules.store.verifyEvents()).isEmpty();
        }
    }

    /**
     * The scenario file a change set's accept-results or edit brings in replaces the live text of that moment; a file
     * it already held keeps what it replaced, so another change meanwhile is still seen.
     */
    @Test
    void aFileEnteringByAnEditReplacesTheLiveTextOfThatMoment(@TempDir Path dir) throws Exception {
        try (GovernedRules rules = new GovernedRules(dir, "h2", 1, Clock.systemUTC())) {
            ChangeSets sets = rules.changeSets;
            String review = Files.readString(dir.resolve(REVIEW));
            String adds = Files.readString(dir.resolve("tests/adds.yaml"));
            ChangeSet mine = sets.create("Notes", "", Map.of(REVIEW, review + "# one\n"), null, "alice");
            ChangeSet other = sets.create("Other", "", Map.of(REVIEW, review + "# other\n"), null, "carol");
            sets.propose(other.id(), "", "carol");
            sets.approve(other.id(), "", "bob");

            Map<String, String> edit = new java.util.TreeMap<>(Map.of(REVIEW, review + "# two\n", "tests/adds.yaml",
                    adds + "# two\n"));
            edit.put("tests/new.yaml", null); // deletes a file that is not there
            ChangeSet edited = sets.edit(mine.id(), edit, "alice");
            assertThat(edited.replaces()).containsExactly(Map.entry("tests/adds.yaml", ChangeSetFiles.of(adds)),
                    Map.entry("tests/new.yaml", ChangeSetFiles.ABSENT), Map.entry(REVIEW, ChangeSetFiles.of(review)));
            assertThat(new ChangeSetFiles(v -> java.util.Optional.empty()).changedSinceBase(edited,
                    rules.changeSets.liveFiles())).containsExactly(REVIEW);
        }
    }

    /**
     * A change set stored before what its files replace was kept (upgraded rows: no entry) works as it did: no
     * per-file check, and its rebase judges rule files by the archived base.
     */
    @Test
    void aChangeSetStoredBeforeTheUpgradeFallsBackToTheBaseVersion(@TempDir Path dir) throws Exception {
        try (GovernedRules rules = new GovernedRules(dir, "h2", 1, Clock.systemUTC())) {
            ChangeSets sets = rules.changeSets;
            String review = Files.readString(dir.resolve(REVIEW));
            String parameters = Files.readString(dir.resolve("parameters/Parameters.drl"));
            ChangeSet scenario = sets.create("Old note", "", Map.of(REVIEW, review + "# old\n"), null, "alice");
            ChangeSet rules1 = sets.create("Old parameters", "", Map.of("parameters/Parameters.drl",
                    parameters + "\n// old\n"), null, "alice");
            try (Connection c = rules.db.dataSource().getConnection();
                    PreparedStatement s = c.prepareStatement("UPDATE change_set_file SET replaces = NULL")) {
                s.executeUpdate();
            }
            assertThat(sets.get(scenario.id()).replaces()).isEmpty();
            ChangeSet other = sets.create("Other", "", Map.of(REVIEW, review + "# other\n", "parameters/Parameters.drl",
                    parameters + "\n// other\n"), null, "carol");
            sets.propose(other.id(), "", "carol");
            sets.approve(other.id(), "", "bob");

            ChangeSet rebased = sets.rebase(rules1.id(), "alice"); // the archive says Parameters.drl changed
            assertThat(rebased.state()).isEqualTo(State.DRAFT);
            assertThat(rebased.replaces()).as("a rebase remembers from now on").containsOnlyKeys(
                    "parameters/Parameters.drl");
            sets.propose(scenario.id(), "", "alice"); // made on the old version: it waits for a rebase as before
            assertThat(sets.approve(scenario.id(), "", "bob").state()).isEqualTo(State.APPROVED);
            assertThat(sets.rebase(scenario.id(), "alice").state()).as("scenario files were not checked before")
                    .isEqualTo(State.ACTIVE);
        }
    }
}

package io.positionpolicy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.audit.AuditDatabase;
import io.positionpolicy.audit.TestStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rules import} makes a directory the cluster's active version: with approvals required it must not, since
 * every replica would serve it without one.
 */
class RulesCommandTest {

    /** Until 2026-12-07 the import went live on every replica of a governed cluster, around the four eyes. */
    @Test
    void aGovernedClusterTakesNoImport(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("entry"));
        Files.writeString(dir.resolve("entry/R.drl"), "package entry;\nrule \"R\"\nwhen\nthen\nend\n");
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl("h2"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new RulesCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), 1).run(db, "import", dir.toString());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("rules: policy.governance.required-approvals "
                    + "is 1, so rule changes go live only as approved change sets; nothing was imported. Propose the "
                    + "directory as one: zip it and POST it to /api/v1/changes/upload");
            RuleSetStore store = new RuleSetStore(db.dataSource(), db.postgres());
            assertThat(store.active()).isEmpty();

            int ungoverned = new RulesCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), 0).run(db, "import", dir.toString());
            assertThat(ungoverned).isZero();
            assertThat(store.active()).isPresent();
        }
    }

    /**
     * Until 2026-12-08 a directory whose rules did not compile became the cluster's active version: the running replicas
     * kept theirs, but none could start again until someone imported a good one.
     */
    @Test
    void anImportThatWouldNotLoadIsRefusedAndNothingIsStored(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("entry"));
        Files.writeString(dir.resolve("entry/R.drl"), "package entry;\nrule \"R\"\nwhen\nthen\nend\nrule broken\n");
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl("h2"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new RulesCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), 0).run(db, "import", dir.toString());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .startsWith("rules: " + dir + " would not load on the replicas, so nothing was imported")
                    .contains("entry/R.drl:");
            RuleSetStore store = new RuleSetStore(db.dataSource(), db.postgres());
            assertThat(store.active()).isEmpty();
            assertThat(store.versions()).isEmpty();
        }
    }

    /** The shipped rules and their scenarios pass the same check. */
    @Test
    void theShippedRulesImport() throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl("h2"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new RulesCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), 0).run(db, "import", "rules");
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(new RuleSetStore(db.dataSource(), db.postgres()).active()).isPresent();
        }
    }
}

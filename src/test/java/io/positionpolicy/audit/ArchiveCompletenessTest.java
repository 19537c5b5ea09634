package io.positionpolicy.audit;

import static io.positionpolicy.audit.AuditTrailTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.rules.RuleSources;
import io.positionpolicy.rules.StandardRuleSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule-set version deleted whole from the archive (its ruleset row and its files) is named by verify with what
 * refers to it. Until V12 verify re-hashed only the versions still there and answered ok.
 */
class ArchiveCompletenessTest {

    static List<String> stores() {
        return TestStores.kinds();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aVersionDeletedFromTheArchiveIsNamedWithWhatRefersToIt(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
            try (AuditWriter writer = AuditTrailTest.writer(db, "node-a")) {
                AuditTrailTest.write(writer, 0, 5);
            }
            String decided = StandardRuleSet.get().version();
            String kept = archive(db, "package kept;\n");
            String changeSet = archive(db, "package governed;\n");
            execute(db, "INSERT INTO change_set (id, title, description, author, kind, state, activated_version, "
                    + "created_at, updated_at, row_version) VALUES ('cs-1', 'Tighter sizing', '', 'alice', 'rules', "
                    + "'ACTIVE', '" + changeSet + "', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1); "
                    + "UPDATE cluster_ruleset SET version = '" + changeSet + "' WHERE id = 1");
            ChainVerifier.Result intact = new ChainVerifier(db.dataSource()).verify();
            assertThat(intact.ok()).as(intact.reason()).isTrue();
            assertThat(intact.missingVersions()).isEmpty();

            for (String version : List.of(decided, changeSet)) {
                execute(db, "DELETE FROM ruleset_file WHERE version = '" + version + "'; "
                        + "DELETE FROM ruleset WHERE version = '" + version + "'");
            }
            ChainVerifier.Result result = new ChainVerifier(db.dataSource()).verify();
            assertThat(result.ok()).isFalse();
            assertThat(result.checked()).as("the decisions themselves are intact").isEqualTo(5);
            assertThat(result.missingVersions()).containsExactlyInAnyOrder(
                    new ChainVerifier.MissingVersion(decided, 5, 1, List.of(), false),
                    new ChainVerifier.MissingVersion(changeSet, 0, 1, List.of("cs-1"), true));
            assertThat(result.problems()).extracting(ChainVerifier.Problem::reason).contains(
                    "rule set " + decided + " is missing from the archive (deleted), so its rule text can no longer "
                            + "be shown; referred to by 5 decisions, 1 activation",
                    "rule set " + changeSet + " is missing from the archive (deleted), so its rule text can no "
                            + "longer be shown; referred to by 1 activation, change set cs-1 (went live as it), the "
                            + "cluster's active rule set");
            assertThat(result.problems()).extracting(ChainVerifier.Problem::id).doesNotContain(kept);
        }
    }

    /** Only the ruleset row deleted, its files left: the version is as missing (nothing lists it any more). */
    @ParameterizedTest
    @MethodSource("stores")
    void aVersionWhoseRowAloneWasDeletedIsMissingToo(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
            try (AuditWriter writer = AuditTrailTest.writer(db, "node-a")) {
                AuditTrailTest.write(writer, 0, 2);
            }
            String decided = StandardRuleSet.get().version();
            execute(db, "DELETE FROM ruleset WHERE version = '" + decided + "'");
            ChainVerifier.Result result = new ChainVerifier(db.dataSource()).verify();
            assertThat(result.ok()).isFalse();
            assertThat(result.firstBrokenId()).isEqualTo(decided);
            assertThat(result.reason()).contains("referred to by 2 decisions, 1 activation");
        }
    }

    /**
     * Verify runs over millions of decisions: their versions are found by one probe per version of the existing index
     * on (ruleset_version, id), never by reading the decisions, and no index was added to the order path for it.
     */
    @Test
    void theDecisionsVersionsAreFoundThroughTheExistingIndex() throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl("h2"))) {
            try (AuditWriter writer = AuditTrailTest.writer(db, "node-a")) {
                AuditTrailTest.write(writer, 0, 3);
            }
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement s = c.prepareStatement("EXPLAIN " + ArchiveCompleteness.NEXT_VERSION)) {
                s.setString(1, "");
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).contains("ix_audit_ruleset").doesNotContain("tableScan");
                }
                assertThat(ArchiveCompleteness.decisionVersions(c)).containsExactly(StandardRuleSet.get().version());
            }
            assertThat(AuditTrailTest.longValue(db, "SELECT count(*) FROM information_schema.indexes "
                    + "WHERE table_name = 'audit_evaluation' AND index_name LIKE 'ix_%'"))
                    .as("the filters' six indexes of V1, no more on the order path's table").isEqualTo(6);
        }
    }

    private static String archive(AuditDatabase db, String drl) {
        Map<String, String> files = new TreeMap<>(Map.of("entry/Sizing.drl", drl));
        String version = RuleSources.version(new TreeMap<>(files));
        new RuleSetArchive(db.dataSource()).recordActivation(version, files, "change-set", "alice", "node-a");
        return version;
    }
}

package io.positionpolicy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.evaluation.EvaluationRecord;
import io.positionpolicy.model.Decision.FiredRule;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.StandardRuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A store written before V11 (a row per fired rule and per violation) keeps every record, its chain and its filters
 * after the migration to the single {@code rule_names} column, on both stores.
 */
class AuditSchemaMigrationTest {
    static List<String> stores() {
        return TestStores.kinds();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void recordsWrittenBeforeV11KeepTheirChainAndAreFoundByRuleAndViolation(String kind) throws Exception {
        String url = TestStores.freshUrl(kind);
        String user = kind.equals("h2") ? null : TestStores.POSTGRES_USER;
        Flyway.configure().dataSource(url, user, null).locations("classpath:db/migration").target("10").load()
                .migrate();
        List<EvaluationRecord> records = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            records.add(TestRecords.record(i));
        }
        writeAsVersion10(url, user, "old-node", records);

        try (AuditDatabase db = TestStores.open(url)) {
            ChainVerifier.Result result = new ChainVerifier(db.dataSource()).verify();
            assertThat(result.ok()).as(result.reason()).isTrue();
            assertThat(result.checked()).isEqualTo(records.size());
            assertThat(result.activations().recordedBeforeChaining()).isEqualTo(1);

            Map<String, Long> fired = new HashMap<>();
            Map<String, Long> violations = new TreeMap<>();
            for (EvaluationRecord r : records) {
                r.firedRules().forEach(f -> fired.merge(f.name(), 1L, Long::sum));
                r.violationCodes().forEach(c -> violations.merge(c, 1L, Long::sum));
            }
            AuditQueries queries = new AuditQueries(db.dataSource());
            AuditQueries.Stats stats = queries.stats(Instant.EPOCH, Instant.now().plusSeconds(60));
            assertThat(stats.evaluations()).isEqualTo(records.size());
            assertThat(stats.rules().stream().collect(Collectors.toMap(AuditQueries.RuleCount::name,
                    AuditQueries.RuleCount::fired))).isEqualTo(fired);
            assertThat(stats.violations()).isEqualTo(violations).isNotEmpty();

            String rule = records.get(0).firedRules().get(1).name();
            long withRule = records.stream().filter(r -> r.firedRules().stream().anyMatch(f -> f.name().equals(rule)))
                    .count();
            String part = rule.substring(2, rule.length() - 2).toUpperCase(java.util.Locale.ROOT);
            assertThat(search(queries, part, null)).hasSize((int) withRule);
            String twoNames = rule.substring(rule.length() - 3) + "\n" + records.get(0).firedRules().get(2).name()
                    .substring(0, 3);
            assertThat(search(queries, twoNames, null)).as("a filter never matches across two names").isEmpty();

            String code = violations.keySet().iterator().next();
            long withCode = records.stream().filter(r -> r.violationCodes().contains(code)).count();
            assertThat(search(queries, null, code)).hasSize((int) withCode);
            assertThat(search(queries, null, code.substring(1))).as("a violation matches by its whole code").isEmpty();

            try (AuditWriter writer = AuditTrailTest.writer(db, "old-node")) {
                AuditTrailTest.write(writer, 18, 3);
            }
            ChainVerifier.Result continued = new ChainVerifier(db.dataSource()).verify();
            assertThat(continued.ok()).as(continued.reason()).isTrue();
            assertThat(continued.checked()).isEqualTo(records.size() + 3);
        }
    }

    private static List<AuditRow> search(AuditQueries queries, String rule, String violation) {
        return queries.search(new AuditFilter(null, null, null, rule, null, violation, null, null, null, 100, null))
                .items();
    }

    /**
     * Activations and operations written before V12 (plain rows, no chain) are sealed into their chains when the
     * store is opened after the upgrade: verify says how many and since when they are protected, and a change to one
     * after that, or a row an older replica adds without a chain, is named. Before V12 none of it was checked.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void theRuleSetHistoryWrittenBeforeV12IsSealedOnceAndSaidToBe(String kind) throws Exception {
        String url = TestStores.freshUrl(kind);
        String user = kind.equals("h2") ? null : TestStores.POSTGRES_USER;
        Flyway.configure().dataSource(url, user, null).locations("classpath:db/migration").target("11").load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, user, null)) {
            archiveAsBeforeV12(c, "old-node", "alice");
            archiveAsBeforeV12(c, "old-node", "bob");
        }
        try (AuditDatabase db = TestStores.open(url)) {
            ChainVerifier.Result sealed = new ChainVerifier(db.dataSource()).verify();
            assertThat(sealed.ok()).as(sealed.reason()).isTrue();
            assertThat(sealed.activations().checked()).isEqualTo(2);
            assertThat(sealed.activations().recordedBeforeChaining()).isEqualTo(2);
            assertThat(sealed.activations().sealedAt()).isNotNull();
            assertThat(sealed.operations().recordedBeforeChaining()).isEqualTo(2);
            assertThat(sealed.notes()).containsExactly(
                    "2 activations were recorded before the activation chain existed and sealed into it at "
                            + sealed.activations().sealedAt() + ": a change to them since then is detected, one made "
                            + "before cannot be",
                    "2 operations were recorded before the operation chain existed and sealed into it at "
                            + sealed.operations().sealedAt() + ": a change to them since then is detected, one made "
                            + "before cannot be");

            new RuleSetArchive(db.dataSource()).recordActivation(StandardRuleSet.get().version(),
                    StandardRuleSet.get().files(), "save", "carol", "new-node");
            AuditTrailTest.execute(db, "UPDATE ruleset_activation SET principal = 'mallory' WHERE principal = 'bob'; "
                    + "INSERT INTO ruleset_activation (version, activated_at, trigger_kind, principal, instance_id) "
                    + "SELECT version, activated_at, 'reload', 'old-replica', 'old-node' FROM ruleset_activation "
                    + "WHERE chain_seq = 3");
            try (AuditDatabase again = TestStores.open(url)) {
                ChainVerifier.Result result = new ChainVerifier(again.dataSource()).verify();
                assertThat(result.ok()).isFalse();
                assertThat(result.activations().sealedAt()).as("sealed once").isEqualTo(
                        sealed.activations().sealedAt());
                assertThat(result.problems()).extracting(ChainVerifier.Problem::id)
                        .containsExactly("activation 2", "activation id 4");
                assertThat(result.reason()).contains("principal=mallory");
                assertThat(result.problems().get(1).reason()).contains("principal=old-replica")
                        .contains("is not in the activation chain");
            }
        }
    }

    /** The shipped rule set archived and activated, and one reload recorded, as a service before V12 did. */
    private static void archiveAsBeforeV12(Connection c, String instance, String principal) throws Exception {
        RuleSet ruleSet = StandardRuleSet.get();
        try (PreparedStatement exists = c.prepareStatement("SELECT count(*) FROM ruleset WHERE version = ?")) {
            exists.setString(1, ruleSet.version());
            var rs = exists.executeQuery();
            rs.next();
            if (rs.getLong(1) == 0) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO ruleset (version, first_activated_at, file_count) VALUES (?, ?, ?)")) {
                    s.setString(1, ruleSet.version());
                    s.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                    s.setInt(3, ruleSet.files().size());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO ruleset_file (version, path, content) VALUES (?, ?, ?)")) {
                    for (var file : ruleSet.files().entrySet()) {
                        s.setString(1, ruleSet.version());
                        s.setString(2, file.getKey());
                        s.setString(3, file.getValue());
                        s.executeUpdate();
                    }
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ruleset_activation (version, activated_at, "
                + "trigger_kind, principal, instance_id) VALUES (?, ?, 'startup', ?, ?)")) {
            s.setString(1, ruleSet.version());
            s.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            s.setString(3, principal);
            s.setString(4, instance);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ruleset_operation (at, trigger_kind, principal, "
                + "instance_id, outcome, version, file_count, problems, file_path) "
                + "VALUES (?, 'startup', ?, ?, 'activated', ?, ?, '', NULL)")) {
            s.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            s.setString(2, principal);
            s.setString(3, instance);
            s.setString(4, ruleSet.version());
            s.setInt(5, ruleSet.files().size());
            s.executeUpdate();
        }
    }

    /** What the audit writer wrote up to V10: the chained row, a row per fired rule and per violation, the head. */
    private static void writeAsVersion10(String url, String user, String chain, List<EvaluationRecord> records)
            throws Exception {
        ChainHash hasher = new ChainHash();
        String previous = ChainHash.GENESIS;
        long seq = 0;
        try (Connection c = DriverManager.getConnection(url, user, null)) {
            c.setAutoCommit(false);
            String marks = AuditColumns.ALL.stream().map(col -> "?").collect(Collectors.joining(", "));
            try (PreparedStatement row = c.prepareStatement(
                    "INSERT INTO audit_evaluation (" + AuditColumns.NAMES + ") VALUES (" + marks + ")");
                    PreparedStatement fired = c.prepareStatement(
                            "INSERT INTO audit_fired_rule (evaluation_id, ordinal, rule_name) VALUES (?, ?, ?)");
                    PreparedStatement violation = c.prepareStatement(
                            "INSERT INTO audit_violation (evaluation_id, ordinal, code) VALUES (?, ?, ?)")) {
                for (EvaluationRecord r : records) {
                    AuditRow stored = AuditWriter.row(r, chain, ++seq, previous);
                    stored = stored.withHash(hasher.of(stored));
                    previous = stored.hash();
                    AuditColumns.bindRow(row, stored);
                    row.executeUpdate();
                    List<String> names = r.firedRules().stream().map(FiredRule::name).toList();
                    for (int i = 0; i < names.size(); i++) {
                        fired.setString(1, stored.id());
                        fired.setInt(2, i);
                        fired.setString(3, names.get(i));
                        fired.executeUpdate();
                    }
                    for (int i = 0; i < r.violationCodes().size(); i++) {
                        violation.setString(1, stored.id());
                        violation.setInt(2, i);
                        violation.setString(3, r.violationCodes().get(i));
                        violation.executeUpdate();
                    }
                }
            }
            archiveAsBeforeV12(c, "old-node", "system");
            try (PreparedStatement head = c.prepareStatement("INSERT INTO audit_chain_head "
                    + "(chain_id, last_seq, last_hash, updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
                head.setString(1, chain);
                head.setLong(2, seq);
                head.setString(3, previous);
                head.executeUpdate();
            }
            c.commit();
        }
    }
}

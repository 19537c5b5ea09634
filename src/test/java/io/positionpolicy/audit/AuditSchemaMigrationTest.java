package io.positionpolicy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.evaluation.EvaluationRecord;
import io.positionpolicy.model.Decision.FiredRule;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
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

package io.positionpolicy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.positionpolicy.evaluation.EvaluationRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The audit trail on both stores: durable group commit, the hash chain and tamper detection, restarts. */
class AuditTrailTest {

    static List<String> stores() {
        return TestStores.kinds();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void concurrentRecordsShareCommitsAndFormOneUnbrokenChain(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind));
                AuditWriter writer = writer(db, "node-a")) {
            int records = 400;
            List<CompletableFuture<Void>> done = appendConcurrently(writer, records, 8);
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(count(db, "audit_evaluation")).isEqualTo(records);
            assertThat(writer.commits()).as("group commit shares transactions").isLessThan(records);
            ChainVerifier.Result result = new ChainVerifier(db.dataSource()).verify();
            assertThat(result.ok()).as(result.reason()).isTrue();
            assertThat(result.checked()).isEqualTo(records);
            assertThat(longValue(db, "SELECT count(*) FROM audit_evaluation WHERE rule_names <> ''"))
                    .isEqualTo(records);
        }
    }

    /** The embedded store keeps 1 MB of pages in the heap, not H2's 16 MB (see AuditDatabase.H2_OPTIONS). */
    @Test
    void theEmbeddedStoreKeepsASmallPageCache() throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl("h2"))) {
            assertThat(longValue(db, "SELECT CAST(setting_value AS BIGINT) FROM information_schema.settings"
                    + " WHERE setting_name = 'info.CACHE_MAX_SIZE'")).as("MB").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRestartedInstanceContinuesItsChainAndInstancesKeepTheirOwn(String kind) throws Exception {
        String url = TestStores.freshUrl(kind);
        try (AuditDatabase db = TestStores.open(url)) {
            try (AuditWriter first = writer(db, "node-a")) {
                write(first, 0, 5);
            }
            try (AuditWriter again = writer(db, "node-a"); AuditWriter other = writer(db, "node-b")) {
                write(again, 5, 5);
                write(other, 10, 7);
            }
            ChainVerifier.Result result = new ChainVerifier(db.dataSource()).verify();
            assertThat(result.ok()).as(result.reason()).isTrue();
            assertThat(result.checked()).isEqualTo(17);
            assertThat(result.chains()).isEqualTo(2);
            assertThat(longValue(db, "SELECT max(chain_seq) FROM audit_evaluation WHERE chain_id = 'node-a'"))
                    .isEqualTo(10);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anUnavailableStoreFailsTheRecordAndAcknowledgesNothing(String kind) throws Exception {
        AuditDatabase db = TestStores.open(TestStores.freshUrl(kind));
        AuditWriter writer = writer(db, "node-a");
        write(writer, 0, 3);
        db.close();
        CompletableFuture<Void> lost = writer.append(TestRecords.record(3));
        assertThatThrownBy(() -> lost.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(Exception.class);
        writer.close();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void everyKindOfTamperingIsDetected(String kind) throws Exception {
        record Tamper(String name, String sql, String reason) {
        }
        List<Tamper> tampering = List.of(
                new Tamper("edit a verdict", "UPDATE audit_evaluation SET verdict = 'HOLD' WHERE chain_seq = 4",
                        "record 4 was changed"),
                new Tamper("edit the response", "UPDATE audit_evaluation SET response_json = "
                        + "replace(response_json, '\"REJECT\"', '\"APPROVE\"') WHERE chain_seq = 3",
                        "record 3 was changed"),
                new Tamper("delete a record", "DELETE FROM audit_evaluation WHERE chain_seq = 6",
                        "record 6 is missing"),
                new Tamper("delete the newest records",
                        "DELETE FROM audit_evaluation WHERE chain_seq >= 11", "the newest records are missing"),
                new Tamper("reorder two records", "UPDATE audit_evaluation SET chain_seq = -7 WHERE chain_seq = 7; "
                        + "UPDATE audit_evaluation SET chain_seq = 7 WHERE chain_seq = 8; "
                        + "UPDATE audit_evaluation SET chain_seq = 8 WHERE chain_seq = -7", "record 7"),
                new Tamper("change who asked",
                        "UPDATE audit_evaluation SET principal = 'someone-else' WHERE chain_seq = 2",
                        "record 2 was changed"),
                new Tamper("drop a fired rule from the rule filter's column",
                        "UPDATE audit_evaluation SET rule_names = substring(rule_names, 1, position(chr(10) in "
                                + "rule_names) - 1) WHERE chain_seq = 3",
                        "the rule names of record 3"),
                new Tamper("drop a violation from the index",
                        "DELETE FROM audit_violation WHERE evaluation_id = (SELECT min(evaluation_id) FROM "
                                + "audit_violation)", "violation index of record"));
        for (Tamper tamper : tampering) {
            try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
                try (AuditWriter writer = writer(db, "node-a")) {
                    write(writer, 0, 12);
                }
                assertThat(new ChainVerifier(db.dataSource()).verify().ok()).isTrue();
                execute(db, tamper.sql());

                ChainVerifier.Result result = new ChainVerifier(db.dataSource()).verify();
                assertThat(result.ok()).as(tamper.name()).isFalse();
                assertThat(result.reason()).as(tamper.name()).contains(tamper.reason());
                assertThat(result.firstBrokenId()).as(tamper.name()).isNotNull();
            }
        }
    }

    /**
     * Until 2026-12-07 a rule edited in the archive after the fact (what GET /api/v1/rulesets/{version} answers as
     * the text behind a decision) passed verification: only the evaluation records were checked.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void aRuleChangedInTheArchiveIsDetected(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
            try (AuditWriter writer = writer(db, "node-a")) {
                write(writer, 0, 3);
            }
            java.util.SortedMap<String, String> rules = new java.util.TreeMap<>(java.util.Map.of(
                    "entry/Sizing.drl", "package entry;\nrule \"Size it\" when then end\n",
                    "controls/Limits.drl.csv", "RuleSet,controls\n"));
            String version = io.positionpolicy.rules.RuleSources.version(rules);
            java.util.SortedMap<String, String> archived = new java.util.TreeMap<>(rules);
            archived.put("tests/sizing.yaml", "scenarios: []\n");
            new RuleSetArchive(db.dataSource()).recordActivation(version, archived, "startup", "system", "node-a");
            assertThat(new ChainVerifier(db.dataSource()).verify().ok()).isTrue();

            execute(db, "UPDATE ruleset_file SET content = 'package edited' WHERE path = 'entry/Sizing.drl' "
                    + "AND version = '" + version + "'"); // the shipped rule set, archived too, has this file
            ChainVerifier.Result result = new ChainVerifier(db.dataSource()).verify();
            assertThat(result.ok()).isFalse();
            assertThat(result.checked()).isEqualTo(3);
            assertThat(result.firstBrokenId()).isEqualTo(version);
            assertThat(result.reason()).isEqualTo("rule set " + version + " in the archive was changed after it was "
                    + "archived: its rule files no longer hash to its version");

            execute(db, "DELETE FROM ruleset_file WHERE path = 'entry/Sizing.drl' AND version = '" + version + "'");
            assertThat(new ChainVerifier(db.dataSource()).verify().firstBrokenId()).isEqualTo(version);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aLongChainIsVerifiedPageByPageAndAGapOfMoreThanAPageIsNamed(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
            try (AuditWriter writer = writer(db, "node-a")) {
                write(writer, 0, 2_600);
            }
            ChainVerifier.Result intact = new ChainVerifier(db.dataSource()).verify();
            assertThat(intact.ok()).isTrue();
            assertThat(intact.checked()).isEqualTo(2_600);

            execute(db, "DELETE FROM audit_evaluation WHERE chain_seq BETWEEN 900 AND 2100");
            ChainVerifier.Result broken = new ChainVerifier(db.dataSource()).verify();
            assertThat(broken.ok()).isFalse();
            assertThat(broken.reason()).contains("record 900 to 2100 are missing before record 2101");
            assertThat(broken.checked()).isEqualTo(899);
        }
    }

    /** A writer of {@code chain}, the shipped rule set archived first (as the service does before deciding). */
    static AuditWriter writer(AuditDatabase db, String chain) {
        TestRecords.archiveRuleSet(db.dataSource(), chain);
        return new AuditWriter(db.dataSource(), chain, 64, Duration.ofMillis(2), 10_000);
    }

    static void write(AuditWriter writer, int from, int count) throws Exception {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            done.add(writer.append(TestRecords.record(i)));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    static List<CompletableFuture<Void>> appendConcurrently(AuditWriter writer, int records, int threads)
            throws Exception {
        List<EvaluationRecord> prepared = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            prepared.add(TestRecords.record(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> done = java.util.Collections.synchronizedList(new ArrayList<>());
            List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
            for (EvaluationRecord record : prepared) {
                submitted.add(pool.submit(() -> done.add(writer.append(record))));
            }
            for (var f : submitted) {
                f.get();
            }
            return done;
        } finally {
            pool.shutdown();
        }
    }

    static long count(AuditDatabase db, String table) throws Exception {
        return longValue(db, "SELECT count(*) FROM " + table);
    }

    static long longValue(AuditDatabase db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(AuditDatabase db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String statement : sql.split(";")) {
                s.execute(statement.strip());
            }
        }
    }
}

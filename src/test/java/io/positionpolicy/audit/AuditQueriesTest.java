package io.positionpolicy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.rules.StandardRuleSet;
import io.positionpolicy.evaluation.ResponseJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Search, pagination, export, statistics and the rule-set archive on both stores. */
class AuditQueriesTest {

    static List<String> stores() {
        return TestStores.kinds();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void searchesNewestFirstWithFiltersAndCursor(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
            Instant before = Instant.now();
            try (AuditWriter writer = AuditTrailTest.writer(db, "node-a")) {
                AuditTrailTest.write(writer, 0, 27); // three rounds of the nine worked-example steps
            }
            AuditQueries queries = new AuditQueries(db.dataSource());

            AuditQueries.Page first = queries.search(filter(null, null, null, 10, null));
            assertThat(first.items()).hasSize(10);
            assertThat(first.items().get(0).requestId()).isEqualTo("req-26");
            assertThat(first.nextCursor()).isEqualTo(first.items().get(9).id());
            List<String> all = new ArrayList<>(first.items().stream().map(AuditRow::id).toList());
            String cursor = first.nextCursor();
            while (cursor != null) {
                AuditQueries.Page page = queries.search(filter(null, null, null, 10, cursor));
                page.items().forEach(item -> all.add(item.id()));
                cursor = page.nextCursor();
            }
            assertThat(all).hasSize(27).doesNotHaveDuplicates().isSortedAccordingTo(java.util.Comparator.reverseOrder());

            AuditQueries.Page rejected = queries.search(filter("REJECT", "RISK_BUDGET_EXCEEDED", null, 50, null));
            assertThat(rejected.items()).hasSize(3).allSatisfy(item -> {
                assertThat(item.verdict()).isEqualTo("REJECT");
                assertThat(item.violations()).containsExactly("RISK_BUDGET_EXCEEDED");
            });
            AuditQueries.Page trailing = queries.search(
                    filter(null, null, "First tier taken: trail the stop behind the best price", 50, null));
            assertThat(trailing.items()).hasSize(6); // steps 4 and 5, three times
            assertThat(queries.search(new AuditFilter("acc-1", "pos-1", "BTCUSDT", null, "ACT", null,
                    StandardRuleSet.get().version(), before, Instant.now().plusSeconds(1), 50, null)).items())
                    .hasSize(9); // steps 4, 5 and 6
            assertThat(queries.search(new AuditFilter("nobody", null, null, null, null, null, null, null, null, 50,
                    null)).items()).isEmpty();

            AuditRow one = queries.find(first.items().get(0).id()).orElseThrow();
            assertThat(ResponseJson.mapper().readTree(one.requestJson()).has("intent")).isTrue();
            assertThat(ResponseJson.mapper().readTree(one.responseJson()).path("evaluationId").asText())
                    .isEqualTo(one.id());
            assertThat(first.items().get(0).requestJson()).as("search results leave the documents out").isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void exportsStatisticsAndArchive(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
            try (AuditWriter writer = AuditTrailTest.writer(db, "node-a")) {
                AuditTrailTest.write(writer, 0, 18);
            }
            AuditQueries queries = new AuditQueries(db.dataSource());
            List<AuditRow> exported = new ArrayList<>();
            assertThat(queries.export(null, null, exported::add)).isEqualTo(18);
            assertThat(exported).extracting(AuditRow::chainSeq).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 18).boxed().toList());

            AuditQueries.Stats stats = queries.stats(null, null);
            assertThat(stats.evaluations()).isEqualTo(18);
            assertThat(stats.verdicts()).containsEntry("APPROVE", 8L).containsEntry("REJECT", 2L)
                    .containsEntry("ACT", 6L).containsEntry("ADJUST", 2L);
            assertThat(stats.violations()).containsEntry("RISK_BUDGET_EXCEEDED", 2L);
            assertThat(stats.rules()).contains(new AuditQueries.RuleCount("Parameters for STANDARD accounts", 16));

            RuleSetArchive archive = new RuleSetArchive(db.dataSource());
            var ruleSet = StandardRuleSet.get();
            archive.recordActivation(ruleSet.version(), ruleSet.files(), "startup", "system", "node-a");
            archive.recordActivation(ruleSet.version(), ruleSet.files(), "startup", "system", "node-a");
            RuleSetArchive.ArchivedRuleSet stored = archive.find(ruleSet.version()).orElseThrow();
            assertThat(stored.files()).isEqualTo(ruleSet.files());
            assertThat(stored.activations()).as("the writer's archiving before the decisions, and these two")
                    .hasSize(3);
            assertThat(archive.find("sha256:unknown")).isEmpty();
        }
    }

    private static AuditFilter filter(String verdict, String violation, String rule, int limit, String cursor) {
        return new AuditFilter(null, null, null, rule, verdict, violation, null, null, null, limit, cursor);
    }
}

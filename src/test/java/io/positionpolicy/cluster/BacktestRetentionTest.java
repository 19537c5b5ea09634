package io.positionpolicy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.positionpolicy.audit.AuditDatabase;
import io.positionpolicy.audit.TestStores;
import io.positionpolicy.backtest.BacktestJobs.RuleSetRun;
import io.positionpolicy.backtest.BacktestJobs.View;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backtest jobs and their results (megabytes each for years of candles) were kept for ever: the store only grew.
 * Finished jobs older than {@code policy.backtest.keep-for} are forgotten, except the one a change set keeps and any
 * job still queued or running.
 */
class BacktestRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");

    static List<String> kinds() {
        return TestStores.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void finishedJobsOlderThanTheLimitAreForgottenButNotTheOneAChangeSetKeeps(String kind) throws Exception {
        try (AuditDatabase db = TestStores.open(TestStores.freshUrl(kind))) {
            JdbcJobLedger ledger = new JdbcJobLedger(db.dataSource(), "replica-1", new ObjectMapper());
            Instant old = NOW.minus(Duration.ofDays(91));
            ledger.save(job("old-done", "DONE", old));
            ledger.save(job("old-failed", "FAILED", old));
            ledger.save(job("old-cancelled", "CANCELLED", old));
            ledger.save(job("old-running", "RUNNING", old));
            ledger.save(job("old-kept", "DONE", old));
            ledger.save(job("recent-done", "DONE", NOW.minus(Duration.ofDays(89))));
            keptByAChangeSet(db, "old-kept");

            int forgotten = ledger.forgetFinishedBefore(NOW.minus(Duration.ofDays(90)));

            assertThat(forgotten).isEqualTo(3);
            assertThat(ledger.list(50).stream().map(View::id))
                    .containsExactlyInAnyOrder("old-running", "old-kept", "recent-done");
            assertThat(ledger.find("old-done")).isEmpty();
            assertThat(ledger.find("old-kept")).isPresent();
        }
    }

    private static View job(String id, String status, Instant createdAt) {
        boolean finished = !status.equals("RUNNING");
        return new View(id, "btc.csv", "risk", new RuleSetRun("active", "sha256:abc"), status, finished ? 1 : 0.5,
                createdAt, finished ? createdAt.plusSeconds(30) : null, null, null);
    }

    private static void keptByAChangeSet(AuditDatabase db, String backtestId) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO change_set (id, title, description, author, kind, state, backtest_id, created_at, "
                        + "updated_at, row_version) VALUES ('cs-1', 'wider stops', '', 'risk', 'edit', 'ACTIVE', ?, "
                        + "?, ?, 1)")) {
            s.setString(1, backtestId);
            s.setTimestamp(2, Timestamp.from(NOW));
            s.setTimestamp(3, Timestamp.from(NOW));
            s.executeUpdate();
        }
    }
}

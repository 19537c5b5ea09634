package io.positionpolicy.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.positionpolicy.TestUsers;
import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.backtest.BacktestJobs;
import io.positionpolicy.backtest.JobLedger;
import io.positionpolicy.config.PolicyConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A single instance (rules from the directory) keeps its backtest jobs in its store: they were kept in the process
 * only, so after a restart every job, and the backtest a change set keeps, answered 404. "A restart" here is the
 * ledger made again, as the next process makes it.
 */
@QuarkusTest
class BacktestJobsOutliveARestartTest {
    @Inject
    ClusterBeans beans;
    @Inject
    PolicyConfig config;
    @Inject
    Instance<AuditStore> audit;
    @Inject
    ObjectMapper json;
    @Inject
    JobLedger ledger;

    private JobLedger afterRestart() {
        return beans.jobs(config, audit, json);
    }

    @Test
    void aFinishedBacktestAndItsResultAreReadAfterARestart() throws InterruptedException {
        StringBuilder csv = new StringBuilder("datetime,open,high,low,close,volume\n");
        LocalDateTime start = LocalDateTime.of(2026, 1, 1, 0, 0);
        for (int i = 0; i < 30; i++) {
            int close = 10_000 + 100 * Math.max(0, i - 20);
            csv.append(start.plusHours(i).toString().replace('T', ' ')).append(":00,").append(close).append(',')
                    .append(close + 50).append(',').append(close - 50).append(',').append(close).append(",1\n");
        }
        String admin = TestUsers.ADMIN.basic();
        String file = given().header("Authorization", admin).contentType("text/csv").header("X-File-Name", "r.csv")
                .body(csv.toString()).post("/api/v1/backtests/uploads").then().statusCode(201).extract().path("file");
        String id = given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("file", file))
                .post("/api/v1/backtests").then().statusCode(202).extract().path("id");
        JsonPath job = null;
        for (int i = 0; i < 1_200; i++) {
            job = given().header("Authorization", admin).get("/api/v1/backtests/" + id).then().statusCode(200)
                    .extract().jsonPath();
            if (job.getString("status").equals("DONE") || job.getString("status").equals("FAILED")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(job.getString("status")).isEqualTo("DONE");

        BacktestJobs.View kept = afterRestart().find(id).orElseThrow();
        assertThat(kept.status()).isEqualTo("DONE");
        assertThat(kept.result().candles()).isEqualTo(30);
        assertThat(kept.result().policy().trades()).hasSize(job.getInt("result.policy.metrics.trades"));
        // the list reads the store now: still oldest first, as the console expects, so this job is the last
        assertThat(given().header("Authorization", admin).get("/api/v1/backtests").then().statusCode(200).extract()
                .jsonPath().getList("id")).last().isEqualTo(id);
    }

    @Test
    void aJobTheRestartInterruptedIsMarkedFailedNotLeftRunning() {
        String id = UUID.randomUUID().toString();
        ledger.save(new BacktestJobs.View(id, "x.csv", "admin", new BacktestJobs.RuleSetRun("active", "sha256:x"),
                "RUNNING", 0.5, Instant.now().minusSeconds(60), null, null, null));

        BacktestJobs.View after = afterRestart().find(id).orElseThrow();
        assertThat(after.status()).isEqualTo("FAILED");
        assertThat(after.error()).isEqualTo("the replica running it stopped");
        assertThat(after.finishedAt()).isNotNull();
    }
}

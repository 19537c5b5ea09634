package io.positionpolicy.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Backtests as jobs over HTTP, and the impact of a rule change on recorded decisions. */
@QuarkusTest
class BacktestApiTest {
    private static final String HOURLY = "btcusdt_1h_binance_spot_20180209-20250331.csv.gz";
    private static final String MINUTES = "btcusdt_1m_binance_spot_20210402-20210520.csv.gz";

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    @Test
    void aBacktestRunsToItsResultAndChart() throws Exception {
        given().get("/api/v1/backtests/files").then().statusCode(200).body("$", hasItem(HOURLY))
                .body("$", hasItem(MINUTES))
                .body("$", hasItem("ethusdt_1h_binance_spot_20170817-20221024.csv.gz"));
        String id = given().contentType(ContentType.JSON).body("{\"file\": \"" + HOURLY + "\", \"breakoutBars\": 30}")
                .post("/api/v1/backtests").then().statusCode(202).header("Location", containsString("/api/v1/backtests/"))
                .extract().path("id");
        JsonPath job = await(id);
        assertThat(job.getString("status")).isEqualTo("DONE");
        assertThat(job.getDouble("progress")).isEqualTo(1.0);
        assertThat(job.getLong("result.candles")).isEqualTo(62_482);
        assertThat(job.getInt("result.settings.breakoutBars")).isEqualTo(30);
        assertThat(job.getInt("result.policy.metrics.trades")).isPositive();
        assertThat(job.getInt("result.baseline.metrics.trades")).isPositive();
        assertThat(job.getString("result.rulesetVersion")).startsWith("sha256:");
        assertThat(job.getString("principal")).isEqualTo("admin");

        String svg = given().get("/api/v1/backtests/" + id + "/equity.svg").then().statusCode(200)
                .contentType("image/svg+xml").extract().asString();
        assertThat(svg).startsWith("<svg").contains("policy drawdown").contains("<polyline").endsWith("</svg>\n");
    }

    @Test
    void aBacktestCanBeCancelled() throws Exception {
        String id = given().contentType(ContentType.JSON)
                .body("{\"file\": \"" + MINUTES + "\"}")
                .post("/api/v1/backtests").then().statusCode(202).extract().path("id");
        given().delete("/api/v1/backtests/" + id).then().statusCode(202);
        assertThat(await(id).getString("status")).isEqualTo("CANCELLED");
        given().get("/api/v1/backtests/" + id + "/equity.svg").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void badRequestsNameTheField() {
        given().contentType(ContentType.JSON).body("{\"file\": \"../../etc/passwd\"}")
                .post("/api/v1/backtests").then().statusCode(400).body("errors[0].field", equalTo("$.file"));
        given().contentType(ContentType.JSON).body("{\"file\": \"" + HOURLY + "\", \"stopAtr\": -1, \"tier\": \"VIP\"}")
                .post("/api/v1/backtests").then().statusCode(400).body("errors.field", hasItem("$.stopAtr"))
                .body("errors.field", hasItem("$.tier"));
        given().contentType(ContentType.JSON)
                .body("{\"file\": \"" + HOURLY + "\", \"files\": {\"entry/Broken.drl\": \"package x;\\nrule \\\"r\\\" when\\n\"}}")
                .post("/api/v1/backtests").then().statusCode(422)
                .body("type", equalTo("urn:position-policy:problem:rules-invalid"))
                .body("errors[0].field", containsString("entry/Broken.drl"));
        given().get("/api/v1/backtests/no-such-job").then().statusCode(404);
    }

    /**
     * A misspelt setting ran the backtest with the default in its place, a window of 20.7 candles ran as 20, and a
     * bad file hid the bad settings until it was fixed.
     */
    @Test
    void everyBadFieldOfABacktestRequestIsInOneProblemAndNothingRuns() {
        given().contentType(ContentType.JSON).body("{\"file\": \"no-such.csv\", \"breakoutBars\": 20.7, "
                + "\"fundingRate\": 0, \"stopAtr\": -1, \"rulesetVersion\": 5}")
                .post("/api/v1/backtests").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("$.file", "$.fundingRate",
                        "$.breakoutBars", "$.stopAtr", "$.rulesetVersion"))
                .body("errors.find { it.field == '$.fundingRate' }.reason",
                        containsString("is not a field of a backtest request"))
                .body("errors.find { it.field == '$.fundingRate' }.reason", containsString("fundingRatePer8h"))
                .body("errors.find { it.field == '$.breakoutBars' }.reason",
                        equalTo("must be a whole number from 2 to 1000"));
        // a version not in the archive was a 404 naming no field, as if the endpoint were missing
        String unknownVersion = "\"rulesetVersion\": \"sha256:0\"";
        for (String[] request : List.of(new String[] {"/api/v1/backtests", "{\"file\": \"" + HOURLY + "\", "
                + unknownVersion + "}"}, new String[] {"/api/v1/rulesets/impact", "{" + unknownVersion + "}"})) {
            given().contentType(ContentType.JSON).body(request[1])
                    .post(request[0]).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("$.rulesetVersion"))
                    .body("errors[0].reason", startsWith("no rule set sha256:0 in the archive"));
        }
        String id = given().contentType(ContentType.JSON).body("{\"file\": \"" + HOURLY + "\", \"breakoutBars\": 20.0}")
                .post("/api/v1/backtests").then().statusCode(202).extract().path("id");
        given().delete("/api/v1/backtests/" + id).then().statusCode(202);
    }

    /** A NUL reached Path.resolve: a 500, with the raw name in the log. */
    @Test
    void aControlCharacterInTheFileNameIsAProblemAndNeverReachesTheLogRaw() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    logged.add(String.valueOf(t));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            given().contentType(ContentType.JSON).body("{\"file\": \"" + HOURLY + "\\u0000\"}")
                    .post("/api/v1/backtests").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("$.file"))
                    .body("errors[0].reason", equalTo("must not contain control characters (U+0000 at position 49)"));
            given().contentType(ContentType.JSON).body("{\"file\": \"uploads/x\\u001b[2J.csv\"}")
                    .post("/api/v1/backtests").then().statusCode(400)
                    .body("errors[0].field", equalTo("$.file"))
                    .body("errors[0].reason", equalTo("must not contain control characters (U+001B at position 10)"));
        } finally {
            root.removeHandler(handler);
        }
        assertThat(logged).noneMatch(line -> line.chars().anyMatch(Character::isISOControl));
    }

    /** 194 KB of gzip, 200 MB of zeros without a line break: read as one line, it filled the 256 MB heap. */
    @Test
    void aGzipBombIsRefusedBeforeItFillsTheHeap() throws Exception {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bomb)) {
            out.write("datetime,open,high,low,close,volume\n".getBytes(StandardCharsets.UTF_8));
            byte[] zeros = new byte[1 << 20];
            java.util.Arrays.fill(zeros, (byte) '0');
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
        }
        assertThat(bomb.size()).isLessThan(300_000);
        given().contentType("application/gzip").header("X-File-Name", "bomb.csv.gz").body(bomb.toByteArray())
                .post("/api/v1/backtests/uploads").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].reason",
                        equalTo("bomb.csv.gz:2: the line is longer than 4096 characters; a candle row is under 100"));

        // Short lines the reader skips (blank ones) but more of them than an upload may hold once decompressed
        ByteArrayOutputStream blanks = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(blanks)) {
            out.write("datetime,open,high,low,close,volume\n".getBytes(StandardCharsets.UTF_8));
            byte[] line = (" ".repeat(1023) + "\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 70 * 1024; i++) {
                out.write(line);
            }
        }
        given().contentType("application/gzip").header("X-File-Name", "blanks.csv.gz").body(blanks.toByteArray())
                .post("/api/v1/backtests/uploads").then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:position-policy:problem:payload-too-large"))
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].reason", equalTo("blanks.csv.gz is larger than the limit of 67108864 bytes once "
                        + "decompressed (policy.api.max-decompressed-size)"));

        given().get("/api/v1/backtests/files").then().statusCode(200).body("$", hasItem(HOURLY));
        given().contentType(ContentType.JSON).body(Files.readString(Path.of("examples/worked-example-step1.json")))
                .post("/api/v1/evaluations").then().statusCode(200).body("actions[0].quantity", equalTo(25.0));
    }

    @Test
    void impactOfARuleChangeOnRecordedDecisionsRecordsNothing() throws Exception {
        String step1 = Files.readString(Path.of("examples/worked-example-step1.json"))
                .replace("\"acc-1\"", "\"impact-acc\"");
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(step1).post("/api/v1/evaluations").then().statusCode(200);
        }
        long recorded = given().get("/api/v1/audit/verify").then().extract().jsonPath().getLong("checked");

        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("accountId", "impact-acc").put("show", 2);
        body.putObject("files").put("parameters/Parameters.drl", Files.readString(Path.of(
                "rules/parameters/Parameters.drl")).replace(".initialRiskPct(0.005)", ".initialRiskPct(0.004)"));
        JsonPath report = given().contentType(ContentType.JSON).body(body.toString())
                .post("/api/v1/rulesets/impact").then().statusCode(200).extract().jsonPath();
        assertThat(report.getInt("replayed")).isGreaterThanOrEqualTo(3);
        assertThat(report.getInt("changed")).isEqualTo(report.getInt("replayed"));
        assertThat(report.getInt("changedBy.quantities")).isEqualTo(report.getInt("replayed"));
        assertThat(report.getInt("changedBy.verdict")).isZero();
        assertThat(report.getList("differences")).hasSize(2);
        assertThat(report.getDouble("differences[0].before.actions[0].quantity")).isEqualTo(25.0);
        assertThat(report.getDouble("differences[0].after.actions[0].quantity")).isEqualTo(20.0);
        assertThat(report.getString("candidateVersion")).startsWith("sha256:");

        JsonPath same = given().contentType(ContentType.JSON).body("{\"accountId\": \"impact-acc\"}")
                .post("/api/v1/rulesets/impact").then().statusCode(200).extract().jsonPath();
        assertThat(same.getInt("changed")).isZero();
        assertThat(given().get("/api/v1/audit/verify").then().extract().jsonPath().getLong("checked"))
                .as("the replay recorded nothing").isEqualTo(recorded);
        given().contentType(ContentType.JSON).body("{\"limit\": 0}").post("/api/v1/rulesets/impact")
                .then().statusCode(400).body("errors[0].field", equalTo("$.limit"));
        // Read as strictly as a request (until 2026-11-29 these were taken: a list as the symbol, 2.5 as 2, a typo
        // ignored, to before from replaying nothing)
        given().contentType(ContentType.JSON)
                .body("{\"symbol\": [\"x\"], \"accountId\": true, \"limit\": 2.5, \"acountId\": \"a\","
                        + " \"from\": \"2026-02-01T00:00:00Z\", \"to\": \"2026-01-01T00:00:00Z\"}")
                .post("/api/v1/rulesets/impact").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("$.symbol", "$.accountId", "$.limit",
                        "$.acountId", "$.to"));
    }

    private static JsonPath await(String id) throws InterruptedException {
        for (int i = 0; i < 1_200; i++) {
            JsonPath job = given().get("/api/v1/backtests/" + id).then().statusCode(200).extract().jsonPath();
            if (!job.getString("status").equals("QUEUED") && !job.getString("status").equals("RUNNING")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("backtest " + id + " did not finish in 120 s");
    }
}

package io.positionpolicy.packaged;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.positionpolicy.TestUsers;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar: it serves the worked example, and refuses to start on rules that do not compile. */
class PackagedServiceIT {

    @Test
    void servesTheWorkedExampleFromTheRulesDirectory() throws Exception {
        try (PackagedService service = PackagedService.start(Map.of("policy.rules.dir", "rules"))) {
            int port = service.awaitPort(Duration.ofSeconds(60));
            given().port(port).header("Authorization", TestUsers.ADMIN.basic())
                    .contentType(ContentType.JSON)
                    .body(Files.readString(Path.of("examples/worked-example-step1.json")))
                    .when().post("/api/v1/evaluations")
                    .then().statusCode(200)
                    .body("verdict", equalTo("APPROVE"))
                    .body("actions[0].quantity", equalTo(25.0f));
        }
    }

    /** Issue 19, item 1: a start, some work (an evaluation, a backtest) and a SIGTERM log no ERROR. */
    @Test
    void aCleanStopLogsNoError(@TempDir Path data) throws Exception {
        try (PackagedService service = PackagedService.start(Map.of("policy.rules.dir", "rules",
                "policy.data-dir", data.toString()))) {
            int port = service.awaitPort(Duration.ofSeconds(60));
            given().port(port).header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                    .body(Files.readString(Path.of("examples/worked-example-step1.json")))
                    .when().post("/api/v1/evaluations").then().statusCode(200);
            String csv = String.join("\n", Files.readAllLines(
                    Path.of("src/test/resources/fixtures/btcusdt_1h_first_1500.csv")).subList(0, 200)) + "\n";
            String file = given().port(port).header("Authorization", TestUsers.RISK_MANAGER.basic())
                    .contentType("text/csv").header("X-File-Name", "btc.csv").body(csv)
                    .when().post("/api/v1/backtests/uploads").then().statusCode(201).extract().path("file");
            given().port(port).header("Authorization", TestUsers.RISK_MANAGER.basic()).contentType(ContentType.JSON)
                    .body(Map.of("file", file)).when().post("/api/v1/backtests").then().statusCode(202);
            given().port(port).header("Authorization", TestUsers.AUDITOR.basic())
                    .when().get("/api/v1/backtests").then().statusCode(200);

            service.stop(Duration.ofSeconds(30));
            String log = service.output();
            assertThat(log).contains("stopped in");
            assertThat(log.lines().filter(line -> line.contains(" ERROR ") || line.contains("Exception")))
                    .as(log).isEmpty();
        }
    }

    @Test
    void aCompileErrorStopsStartUpNamingEveryFileAndLine(@TempDir Path rules) throws Exception {
        Files.createDirectories(rules.resolve("entry"));
        Files.writeString(rules.resolve("entry/Good.drl"), """
                package entry;
                rule "Fine"
                when
                then
                end
                """);
        Files.writeString(rules.resolve("entry/Bad.drl"), """
                package entry;

                rule "Broken"
                when
                    NoSuchFact( )
                then
                end
                """);
        Files.writeString(rules.resolve("Worse.drl"), "package top;\nrule \"Unfinished\" when\n");
        try (PackagedService service = PackagedService.start(Map.of("policy.rules.dir", rules.toString()))) {
            int exit = service.awaitExit(Duration.ofSeconds(60));
            String output = service.output();
            assertThat(exit).isNotZero();
            assertThat(output).contains("the rule set in").containsPattern("entry/Bad\\.drl:\\d+")
                    .containsPattern("Worse\\.drl:\\d+").doesNotContain("Listening on");
        }
    }
}

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

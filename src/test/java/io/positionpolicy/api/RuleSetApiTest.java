package io.positionpolicy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rule-set status, reload, validation, history, diff, and the metrics that go with them. */
@QuarkusTest
class RuleSetApiTest {

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    @Test
    void statusNamesTheActiveVersionAndTheLastAttempt() {
        given().when().get("/api/v1/rulesets/status")
                .then().statusCode(200)
                .body("activeVersion", startsWith("sha256:"))
                .body("activatedAt", notNullValue())
                .body("lastAttempt.outcome", notNullValue());
        given().when().post("/api/v1/rulesets/reload")
                .then().statusCode(200).body("outcome", equalTo("unchanged"));
    }

    @Test
    void validationReportsErrorsAtTheirLinesAndChangesNothing() throws Exception {
        String active = given().when().get("/api/v1/rulesets/status").then().extract().path("activeVersion");
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("files").put("entry/Volatility.drl",
                Files.readString(Path.of("rules/entry/Volatility.drl")).replace("$maxAtrPct )", "$maxAtrPct"));

        given().contentType(ContentType.JSON).body(body.toString())
                .when().post("/api/v1/rulesets/validate")
                .then().statusCode(200)
                .body("outcome", equalTo("rejected"))
                .body("problems[0].kind", equalTo("compile"))
                .body("problems[0].file", equalTo("entry/Volatility.drl"))
                .body("problems[0].line", greaterThan(0));

        ObjectNode unsafe = JsonNodeFactory.instance.objectNode();
        unsafe.putObject("files").put("parameters/Parameters.drl",
                Files.readString(Path.of("rules/parameters/Parameters.drl"))
                        .replace("        .riskPct(0.01) ", "        .riskPct(0.02) "));
        given().contentType(ContentType.JSON).body(unsafe.toString())
                .when().post("/api/v1/rulesets/validate")
                .then().statusCode(200)
                .body("outcome", equalTo("rejected"))
                .body("problems.kind", hasItem("scenario"))
                .body("problems.file", hasItem("tests/worked-example.yaml"));

        ObjectNode fine = JsonNodeFactory.instance.objectNode();
        fine.putObject("files").put("extra/Note.drl", "package extra;\nrule \"Nothing\"\nwhen\n  eval(false)\nthen\nend\n");
        given().contentType(ContentType.JSON).body(fine.toString())
                .when().post("/api/v1/rulesets/validate")
                .then().statusCode(200)
                .body("outcome", equalTo("valid"))
                .body("problems", empty())
                .body("version", not(equalTo(active)));

        given().when().get("/api/v1/rulesets/status").then().body("activeVersion", equalTo(active));
        given().contentType(ContentType.JSON).body("{\"files\": {\"../etc/passwd\": \"x\"}}")
                .when().post("/api/v1/rulesets/validate")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void validatesAMultipartUpload() throws Exception {
        byte[] broken = Files.readString(Path.of("rules/entry/Volatility.drl"))
                .replace("$maxAtrPct )", "$maxAtrPct").getBytes();
        given().multiPart("file", "entry/Volatility.drl", broken, "text/plain")
                .when().post("/api/v1/rulesets/validate")
                .then().statusCode(200)
                .body("outcome", equalTo("rejected"))
                .body("problems[0].file", equalTo("entry/Volatility.drl"))
                .body("problems[0].line", greaterThan(0));
        given().multiPart("file", "entry/Volatility.drl", Files.readAllBytes(Path.of("rules/entry/Volatility.drl")),
                        "text/plain")
                .when().post("/api/v1/rulesets/validate")
                .then().statusCode(200).body("outcome", equalTo("valid"));
    }

    @Test
    void historyAndDiff() {
        String active = given().when().get("/api/v1/rulesets/status").then().extract().path("activeVersion");
        given().when().get("/api/v1/rulesets")
                .then().statusCode(200)
                .body("version", hasItem(active))
                .body("trigger", hasItem("startup"));
        given().when().get("/api/v1/rulesets/" + active + "/diff/" + active)
                .then().statusCode(200).body("files", empty());
    }

    @Test
    void metricsCountReloadsAndFirings() {
        given().contentType(ContentType.JSON).body(ApiTestSupport.request("1").toString())
                .when().post("/api/v1/evaluations").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("policy_rules_reloads_total"))
                .body(containsString("policy_rules_compile_seconds"))
                .body(containsString("policy_rules_active{"))
                .body(containsString("policy_rule_firings_total{file=\"entry/Sizing.drl\""));
    }
}

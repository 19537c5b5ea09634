package io.positionpolicy.api;

import static io.positionpolicy.api.GovernanceApiTest.parametersWith;
import static io.positionpolicy.api.GovernanceApiTest.riskA;
import static io.positionpolicy.api.GovernanceApiTest.stepOneQuantity;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.positionpolicy.rules.RuleFileEditor;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With no approvals required (the laptop default) the ordinary change — a parameter and the scenario expectations it
 * moves — goes live in one step once accepted, and it is written to the rules directory, so it survives a restart.
 */
@QuarkusTest
@TestProfile(GovernedProfile.Direct.class)
class DirectChangeApiTest {

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    @Test
    void aParameterAndItsAcceptedExpectationsGoLiveWhenProposed() throws Exception {
        assertThat(stepOneQuantity()).isEqualTo(25.0);
        riskA().get("/api/v1/changes/settings").then().statusCode(200).body("requiredApprovals", equalTo(0));
        String id = GovernanceApiTest.create(riskA(), "Initial risk 0.4 %", parametersWith("0.004"));
        riskA().post("/api/v1/changes/" + id + "/propose").then().statusCode(422)
                .body("type", equalTo("urn:position-policy:problem:rules-invalid"));
        riskA().post("/api/v1/changes/" + id + "/accept-results").then().statusCode(200);
        riskA().body(Map.of("comment", "desk asked for smaller entries")).post("/api/v1/changes/" + id + "/propose")
                .then().statusCode(200).body("state", equalTo("ACTIVE"));
        assertThat(stepOneQuantity()).isEqualTo(20.0);

        String rulesDir = io.restassured.RestAssured.given().get("/api/v1/rulesets/files").then().extract()
                .path("files.find { it.path == 'tests/worked-example.yaml' }.text");
        assertThat(rulesDir).contains("quantity: 20");
        java.nio.file.Path dir = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("policy.rules.dir", String.class));
        assertThat(Files.readString(dir.resolve("parameters/Parameters.drl"))).contains(".initialRiskPct(0.004)");
    }

    @Test
    void ifMatchStarOverwritesWhateverIsThereAndAnEmptyTagCreatesANewFile() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("policy.rules.dir", String.class));
        String volatility = Files.readString(dir.resolve("entry/Volatility.drl"));
        given().contentType("text/plain").header("If-Match", "*").body(volatility + "\n// saved with If-Match: *\n")
                .put("/api/v1/rulesets/files/entry/Volatility.drl").then().statusCode(200)
                .body("written", equalTo(true));
        assertThat(Files.readString(dir.resolve("entry/Volatility.drl"))).endsWith("// saved with If-Match: *\n");

        String note = "package extra;\nrule \"Nothing\"\nwhen\n  eval(false)\nthen\nend\n";
        given().contentType("text/plain").header("If-Match", "\"\"").body(note)
                .put("/api/v1/rulesets/files/extra/Note.drl").then().statusCode(200).body("written", equalTo(true));
        assertThat(Files.readString(dir.resolve("extra/Note.drl"))).isEqualTo(note);
        given().contentType("text/plain").header("If-Match", "\"\"").body(note + "// again\n")
                .put("/api/v1/rulesets/files/extra/Note.drl").then().statusCode(412);
        given().contentType("text/plain").header("If-None-Match", "*").body(note + "// again\n")
                .put("/api/v1/rulesets/files/extra/Note.drl").then().statusCode(412);
        assertThat(Files.readString(dir.resolve("extra/Note.drl"))).isEqualTo(note);
    }

    @Test
    void aSaveTakesIfMatchAndIfNoneMatchAsHttpDefinesThem() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("policy.rules.dir", String.class));
        String path = "/api/v1/rulesets/files/extra/Standard.drl";
        String note = "package extra;\nrule \"Nothing standard\"\nwhen\n  eval(false)\nthen\nend\n";
        String sha = RuleFileEditor.sha256(note);
        given().contentType("text/plain").header("If-None-Match", "*").body(note).put(path).then().statusCode(200)
                .header("ETag", "\"" + sha + "\"").body("sha256", equalTo(sha));

        String edited = note + "// edited\n";
        given().contentType("text/plain").header("If-Match", "W/\"" + sha + "\"").body(edited).put(path).then()
                .statusCode(412);
        given().contentType("text/plain").header("If-Match", " ").body(edited).put(path).then().statusCode(428);
        assertThat(Files.readString(dir.resolve("extra/Standard.drl"))).isEqualTo(note);
        given().contentType("text/plain").header("If-Match", "\"" + RuleFileEditor.sha256("older") + "\", \"" + sha
                + "\"").body(edited).put(path).then().statusCode(200).header("ETag", "\""
                + RuleFileEditor.sha256(edited) + "\"");
        assertThat(Files.readString(dir.resolve("extra/Standard.drl"))).isEqualTo(edited);
    }

    @Test
    void aReloadOfRulesThatDoNotCompileIsARulesInvalidProblem() throws Exception {
        java.nio.file.Path volatility = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider
                .getConfig().getValue("policy.rules.dir", String.class)).resolve("entry/Volatility.drl");
        String before = Files.readString(volatility);
        String active = given().get("/api/v1/rulesets/status").then().extract().path("activeVersion");
        try {
            Files.writeString(volatility, before.replace("$maxAtrPct )", "$maxAtrPct"));
            given().post("/api/v1/rulesets/reload").then().statusCode(422)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:position-policy:problem:rules-invalid"))
                    .body("detail", startsWith("The rule set found by the reload does not compile: "))
                    .body("detail", endsWith("; the active version " + active + " keeps serving"))
                    .body("errors[0].field", startsWith("entry/Volatility.drl:"))
                    .body("report.outcome", equalTo("rejected"))
                    .body("report.problems[0].kind", equalTo("compile"));
        } finally {
            Files.writeString(volatility, before);
        }
        given().post("/api/v1/rulesets/reload").then().statusCode(200);
        given().get("/api/v1/rulesets/status").then().body("activeVersion", equalTo(active));
    }
}

package io.positionpolicy.api;

import static io.positionpolicy.api.GovernanceApiTest.parametersWith;
import static io.positionpolicy.api.GovernanceApiTest.riskA;
import static io.positionpolicy.api.GovernanceApiTest.stepOneQuantity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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
}

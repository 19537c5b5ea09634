package io.positionpolicy.api;

import static io.positionpolicy.api.GovernanceApiTest.parametersWith;
import static io.positionpolicy.api.GovernanceApiTest.riskA;
import static io.positionpolicy.api.GovernanceApiTest.riskB;
import static io.positionpolicy.api.GovernanceApiTest.stepOneQuantity;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Governance in a cluster: an approved change set becomes the shared store's active version (which every replica
 * follows), no replica's disk is written, and the store's own back doors (saving a file, activating a stored
 * version) are closed while approvals are required.
 */
@QuarkusTest
@TestProfile(GovernedProfile.InCluster.class)
class GovernanceInClusterTest {

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    @Test
    void anApprovedChangeSetBecomesTheClustersActiveVersion() throws Exception {
        Path seed = Path.of(ConfigProvider.getConfig().getValue("policy.rules.seed-dir", String.class));
        String before = Files.readString(seed.resolve("parameters/Parameters.drl"));
        String seeded = given().get("/api/v1/cluster").then().statusCode(200).extract().path("activeVersion");

        String id = GovernanceApiTest.create(riskA(), "Initial risk 0.4 %", parametersWith("0.004"));
        riskA().post("/api/v1/changes/" + id + "/accept-results").then().statusCode(200);
        riskA().post("/api/v1/changes/" + id + "/propose").then().statusCode(200).body("state", equalTo("PROPOSED"));
        given().contentType("application/json").post("/api/v1/rulesets/" + seeded + "/activate").then()
                .statusCode(409).body("type", equalTo("urn:position-policy:problem:approval-required"));
        String version = riskB().body(Map.of("comment", "ok")).post("/api/v1/changes/" + id + "/approve").then()
                .statusCode(200).body("state", equalTo("ACTIVE")).extract().path("activatedVersion");

        assertThat(stepOneQuantity()).isEqualTo(20.0);
        given().get("/api/v1/cluster").then().body("activeVersion", equalTo(version));
        assertThat(version).isNotEqualTo(seeded);
        assertThat(Files.readString(seed.resolve("parameters/Parameters.drl"))).as("no disk is written")
                .isEqualTo(before);
    }
}

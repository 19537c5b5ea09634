package io.positionpolicy.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.positionpolicy.TestUsers;
import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.rules.RuleFilesSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code policy.rules.source=database} in process, on embedded H2 (which polls): the store is seeded from the rules
 * directory, edits through the API change the store's active version and never the directory, the users file is
 * imported into the store, and the cluster view lists this one replica.
 */
@QuarkusTest
@TestProfile(ClusterModeTest.DatabaseMode.class)
class ClusterModeTest {
    @Inject
    AuditStore audit;
    @Inject
    ReplicaSync sync;

    public static class DatabaseMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("policy.rules.source", "database", "policy.rules.seed-dir", "rules",
                        "policy.data-dir", Files.createTempDirectory("cluster-mode").toString(),
                        "policy.cluster.poll-interval", "200ms");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void readyOnTheStoresActiveVersionAndListedInTheClusterView() {
        String serving = given().header("Authorization", TestUsers.AUDITOR.basic()).get("/api/v1/rulesets/status")
                .then().statusCode(200).extract().path("activeVersion");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'cluster' }.data.mode", equalTo("database"))
                .body("checks.find { it.name == 'cluster' }.data.clusterVersion", equalTo(serving));
        given().header("Authorization", TestUsers.RISK_MANAGER.basic()).get("/api/v1/cluster").then().statusCode(200)
                .body("mode", equalTo("database"))
                .body("activeVersion", equalTo(serving))
                .body("agree", equalTo(true))
                .body("replicas.instanceId", hasItem("test"));
        given().header("Authorization", TestUsers.TRADER.basic()).get("/api/v1/cluster").then().statusCode(403);
    }

    @Test
    void aSaveChangesTheStoreNotTheDirectory() throws Exception {
        Path onDisk = Path.of("rules/parameters/Parameters.drl");
        String diskBefore = Files.readString(onDisk);
        JsonPath files = given().header("Authorization", TestUsers.RISK_MANAGER.basic())
                .get("/api/v1/rulesets/files").then().statusCode(200).extract().jsonPath();
        String text = files.getString("files.find { it.path == 'parameters/Parameters.drl' }.text");
        String sha = files.getString("files.find { it.path == 'parameters/Parameters.drl' }.sha256");
        String edited = text + "\n// saved into the store by ClusterModeTest " + System.nanoTime() + "\n";

        String version = given().header("Authorization", TestUsers.RISK_MANAGER.basic()).contentType("text/plain")
                .header("If-Match", "\"" + sha + "\"").body(edited)
                .put("/api/v1/rulesets/files/parameters/Parameters.drl")
                .then().statusCode(200).body("written", equalTo(true)).extract().path("report.version");

        assertThat(Files.readString(onDisk)).isEqualTo(diskBefore);
        given().header("Authorization", TestUsers.AUDITOR.basic()).get("/api/v1/cluster").then().statusCode(200)
                .body("activeVersion", equalTo(version));
        given().header("Authorization", TestUsers.RISK_MANAGER.basic()).get("/api/v1/rulesets/files").then()
                .statusCode(200).body("version", equalTo(version)).body("live", equalTo(true));
        given().header("Authorization", TestUsers.RISK_MANAGER.basic()).contentType("text/plain")
                .header("If-Match", "\"" + sha + "\"").body(edited)
                .put("/api/v1/rulesets/files/parameters/Parameters.drl").then().statusCode(412);
        given().header("Authorization", TestUsers.RISK_MANAGER.basic()).post("/api/v1/rulesets/reload").then()
                .statusCode(200).body("outcome", equalTo("unchanged")).body("version", equalTo(version));

        String seeded = given().header("Authorization", TestUsers.AUDITOR.basic()).get("/api/v1/rulesets")
                .then().statusCode(200).extract().path("find { it.trigger == 'startup' }.version");
        given().header("Authorization", TestUsers.RISK_MANAGER.basic())
                .post("/api/v1/rulesets/" + seeded + "/activate").then().statusCode(200)
                .body("outcome", equalTo("activated")).body("version", equalTo(seeded));
        given().header("Authorization", TestUsers.AUDITOR.basic()).get("/api/v1/cluster").then().statusCode(200)
                .body("activeVersion", equalTo(seeded)).body("agree", equalTo(true));
        given().header("Authorization", TestUsers.RISK_MANAGER.basic())
                .post("/api/v1/rulesets/sha256:unknown/activate").then().statusCode(404);
    }

    @Test
    void anActivationOfAStoredVersionThatDoesNotLoadIsARulesInvalidProblem() throws Exception {
        String active = given().header("Authorization", TestUsers.AUDITOR.basic()).get("/api/v1/cluster").then()
                .statusCode(200).extract().path("activeVersion");
        RuleFilesSource.RuleFiles files = sync.store().files(active).orElseThrow();
        String broken = "sha256:stored-but-no-longer-compiles";
        try (Connection c = audit.dataSource().getConnection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO ruleset (version, first_activated_at, file_count) VALUES (?, ?, ?)")) {
                s.setString(1, broken);
                s.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                s.setInt(3, files.drl().size());
                s.executeUpdate();
            }
            Map<String, String> drl = new TreeMap<>(files.drl());
            drl.computeIfPresent("entry/Volatility.drl", (path, text) -> text.replace("$maxAtrPct )", "$maxAtrPct"));
            RuleSetStore.insertFiles(c, "ruleset_file", broken, drl);
            RuleSetStore.insertFiles(c, "ruleset_scenario", broken, files.scenarios());
        }

        given().header("Authorization", TestUsers.RISK_MANAGER.basic())
                .post("/api/v1/rulesets/" + broken + "/activate").then().statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:position-policy:problem:rules-invalid"))
                .body("detail", startsWith("Version " + broken + " does not compile: "))
                .body("detail", endsWith("; the active version " + active + " keeps serving"))
                .body("errors[0].field", startsWith("entry/Volatility.drl:"))
                .body("report.outcome", equalTo("rejected"));
        given().header("Authorization", TestUsers.AUDITOR.basic()).get("/api/v1/cluster").then().statusCode(200)
                .body("activeVersion", equalTo(active));
    }

}

package io.positionpolicy.api;

import static io.positionpolicy.api.ApiTestSupport.request;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.positionpolicy.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit trail through the API, on the embedded store (AuditApiPostgresTest runs it on PostgreSQL). */
@QuarkusTest
class AuditApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    @Test
    void everyAnsweredDecisionIsRecordedByteForByte() throws Exception {
        String account = "acc-" + UUID.randomUUID();
        var open = request("1");
        ((com.fasterxml.jackson.databind.node.ObjectNode) open.get("account")).put("id", account);
        open.put("requestId", "audit-test");
        String answer = given().contentType(ContentType.JSON).body(open.toString())
                .when().post("/api/v1/evaluations").then().statusCode(200).extract().asString();
        String id = JSON.readTree(answer).get("evaluationId").asText();

        String record = given().when().get("/api/v1/audit/evaluations/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("principal", equalTo(TestUsers.ADMIN.user))
                .body("requestId", equalTo("audit-test"))
                .body("accountId", equalTo(account))
                .body("symbol", equalTo("BTCUSDT"))
                .body("intentType", equalTo("OPEN"))
                .body("verdict", equalTo("APPROVE"))
                .body("rulesetVersion", startsWith("sha256:"))
                .body("firedRules.name", hasItem("Open without a quantity: size it to the initial risk"))
                .body("firedRules.file", hasItem("entry/Sizing.drl"))
                .body("request.account.id", equalTo(account))
                .body("chainSeq", greaterThanOrEqualTo(1))
                .extract().asString();
        JsonNode stored = JSON.readTree(record);
        assertThat(stored.get("response")).isEqualTo(JSON.readTree(answer));
        assertThat(stored.get("request")).isEqualTo(JSON.readTree(open.toString()));

        given().when().get("/api/v1/audit/evaluations?accountId=" + account)
                .then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].id", equalTo(id));
    }

    @Test
    void batchItemsAreRecordedOneByOne() {
        String account = "acc-" + UUID.randomUUID();
        var one = request("1");
        var two = request("3");
        ((com.fasterxml.jackson.databind.node.ObjectNode) one.get("account")).put("id", account);
        ((com.fasterxml.jackson.databind.node.ObjectNode) two.get("account")).put("id", account);
        given().contentType(ContentType.JSON).body("{\"items\": [" + one + "," + two + ", {\"bad\": 1}]}")
                .when().post("/api/v1/evaluations/batch").then().statusCode(200);

        given().when().get("/api/v1/audit/evaluations?accountId=" + account)
                .then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items.verdict", hasItem("REJECT"));
        given().when().get("/api/v1/audit/evaluations?accountId=" + account + "&violation=RISK_BUDGET_EXCEEDED"
                        + "&rule=Risk budget leaves less than the minimum order: reject")
                .then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].intentType", equalTo("ADD"));
    }

    @Test
    void theRuleTextBehindADecisionIsArchived() throws Exception {
        String version = given().contentType(ContentType.JSON).body(request("1").toString())
                .when().post("/api/v1/evaluations").then().statusCode(200).extract().path("rulesetVersion");
        String parameters = Files.readString(Path.of("rules/parameters/Parameters.drl"));

        given().when().get("/api/v1/rulesets/" + version)
                .then().statusCode(200)
                .body("version", equalTo(version))
                .body("files.'parameters/Parameters.drl'", equalTo(parameters))
                .body("activations[0].trigger", equalTo("startup"));
        given().when().get("/api/v1/rulesets/active")
                .then().statusCode(200).body("version", equalTo(version));
        given().when().get("/api/v1/rulesets/sha256:0000")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:position-policy:problem:not-found"));
    }

    @Test
    void chainVerifiesExportsStreamAndStatisticsCount() {
        given().contentType(ContentType.JSON).body(request("7").toString())
                .when().post("/api/v1/evaluations").then().statusCode(200);

        given().when().get("/api/v1/audit/verify")
                .then().statusCode(200)
                .body("ok", equalTo(true))
                .body("checked", greaterThanOrEqualTo(1));
        String ndjson = given().when().get("/api/v1/audit/export?format=ndjson")
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();
        assertThat(ndjson.lines()).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{\"id\":"));
        given().when().get("/api/v1/audit/export?format=csv&from=2020-01-01T00:00:00Z")
                .then().statusCode(200).contentType(containsString("text/csv"))
                .body(startsWith("id,chain_id,chain_seq,evaluated_at,principal,"));
        given().when().get("/api/v1/audit/rules/stats")
                .then().statusCode(200)
                .body("evaluations", greaterThanOrEqualTo(1))
                .body("verdicts.ADJUST", greaterThanOrEqualTo(1))
                .body("rules.name", hasItem("Leverage above the cap: lower it"));
    }

    @Test
    void badQueryParametersAreProblems() {
        given().when().get("/api/v1/audit/evaluations?limit=0&from=yesterday&verdict=MAYBE&cursor=x")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("limit"))
                .body("errors.field", hasItem("from"))
                .body("errors.field", hasItem("verdict"))
                .body("errors.field", hasItem("cursor"));
        given().when().get("/api/v1/audit/export?format=xml")
                .then().statusCode(400).body("errors[0].field", equalTo("format"));
        given().when().get("/api/v1/audit/evaluations/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }
}

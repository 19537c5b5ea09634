package io.positionpolicy.api;

import static io.positionpolicy.api.ApiTestSupport.object;
import static io.positionpolicy.api.ApiTestSupport.request;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.positionpolicy.TestUsers;
import io.positionpolicy.evaluation.DecisionJournal;
import io.positionpolicy.evaluation.EvaluationIds;
import io.positionpolicy.evaluation.EvaluationRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit trail through the API, on the embedded store (AuditApiPostgresTest runs it on PostgreSQL). */
@QuarkusTest
class AuditApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DecisionJournal journal;

    @Inject
    io.positionpolicy.audit.AuditStore store;

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

    /**
     * Who took the rule set live is proven, not only recorded: the principal of its activation changed in the database
     * (here and put back) makes GET /api/v1/audit/verify name that activation. Before V12 it answered ok.
     */
    @Test
    void verifyNamesAnActivationWhoseRecordedCallerWasChanged() throws Exception {
        String sql = "UPDATE ruleset_activation SET principal = ? WHERE chain_seq = 1";
        String principal;
        try (java.sql.Connection c = store.dataSource().getConnection();
                java.sql.PreparedStatement s = c.prepareStatement(
                        "SELECT principal FROM ruleset_activation WHERE chain_seq = 1");
                java.sql.ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).as("the start's activation is the chain's first").isTrue();
            principal = rs.getString(1);
        }
        try {
            update(sql, "someone-else");
            given().when().get("/api/v1/audit/verify")
                    .then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("problems.id", hasItem("activation 1"))
                    .body("problems.reason", hasItem(containsString("principal=someone-else")))
                    .body("activations.checked", greaterThanOrEqualTo(1));
        } finally {
            update(sql, principal);
        }
        given().when().get("/api/v1/audit/verify").then().statusCode(200).body("ok", equalTo(true));
    }

    private void update(String sql, String value) throws Exception {
        try (java.sql.Connection c = store.dataSource().getConnection();
                java.sql.PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    /**
     * A body with a UTF-8 byte order mark was evaluated and recorded with the mark; reading that record answered 400
     * "The request body could not be read", the NDJSON export was cut at it and impact replay called it invalid.
     */
    @Test
    void aByteOrderMarkIsNotKeptAndBodiesNotInUtf8AreRefused() throws Exception {
        String account = "acc-" + UUID.randomUUID();
        var open = request("1");
        object(open, "account").put("id", account);
        String from = Instant.now().minusSeconds(1).toString();
        String id = given().contentType(ContentType.JSON).body(withBom(open.toString()))
                .when().post("/api/v1/evaluations").then().statusCode(200).extract().path("evaluationId");

        given().when().get("/api/v1/audit/evaluations/" + id)
                .then().statusCode(200).body("request.account.id", equalTo(account));
        String csv = given().when().get("/api/v1/audit/export?format=csv&from=" + from)
                .then().statusCode(200).extract().asString();
        assertThat(csv.lines().filter(line -> line.startsWith(id + ",")))
                .singleElement().asString().contains("\"\"account\"\"").doesNotContain("\uFEFF");

        byte[] utf16 = open.toString().getBytes(StandardCharsets.UTF_16LE);
        for (String path : List.of("/api/v1/evaluations", "/api/v1/evaluations/batch")) {
            given().contentType(ContentType.JSON).body(utf16)
                    .when().post(path).then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", contains("$"))
                    .body("errors[0].reason", startsWith("must be UTF-8 encoded JSON"));
        }
        given().contentType(ContentType.JSON).body(("{\"items\": [" + open + "]}").getBytes(StandardCharsets.UTF_16))
                .when().post("/api/v1/evaluations/batch").then().statusCode(400)
                .body("errors.field", contains("$"));
    }

    /** Records kept before the fix: one with a byte order mark, one whose text is not JSON at all. */
    @Test
    void recordsStoredWithAByteOrderMarkOrUnreadableTextReadBackExportAndVerify() throws Exception {
        String from = Instant.now().minusSeconds(1).toString();
        String model = given().contentType(ContentType.JSON).body(request("1").toString())
                .when().post("/api/v1/evaluations").then().statusCode(200).extract().asString();
        String withBom = "acc-" + UUID.randomUUID();
        String garbled = "acc-" + UUID.randomUUID();
        var open = request("1");
        object(open, "account").put("id", withBom);
        String bomId = keep(withBom, "\uFEFF" + open, model);
        String garbledText = "\uFFFD\uFFFD{\"account\": \uFFFD";
        String garbledId = keep(garbled, garbledText, model);

        given().when().get("/api/v1/audit/evaluations/" + bomId)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("request.account.id", equalTo(withBom));
        given().when().get("/api/v1/audit/evaluations/" + garbledId)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("id", equalTo(garbledId))
                .body("request", equalTo(garbledText))
                .body("response.verdict", equalTo("APPROVE"));

        String ndjson = given().when().get("/api/v1/audit/export?format=ndjson&from=" + from)
                .then().statusCode(200).extract().asString();
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : ndjson.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(line -> line.get("id").asText()).contains(bomId, garbledId);
        assertThat(ndjson).endsWith("}\n");

        given().when().get("/api/v1/audit/verify").then().statusCode(200).body("ok", equalTo(true));
        given().contentType(ContentType.JSON).body("{\"accountId\": \"" + withBom + "\"}")
                .post("/api/v1/rulesets/impact").then().statusCode(200)
                .body("replayed", equalTo(1)).body("changed", equalTo(0));
    }

    /** Appends a record as an older version of the service would have kept it: {@code requestJson} as given. */
    private String keep(String account, String requestJson, String responseJson) throws Exception {
        JsonNode response = JSON.readTree(responseJson);
        UUID id = EvaluationIds.next();
        journal.append(new EvaluationRecord(id, Instant.now().truncatedTo(ChronoUnit.MICROS), TestUsers.ADMIN.user,
                null, account, null, "BTCUSDT", "OPEN", "APPROVE", response.get("rulesetVersion").asText(), 10,
                requestJson, responseJson, List.of(), List.of())).get(10, TimeUnit.SECONDS);
        return id.toString();
    }

    private static byte[] withBom(String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[text.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(text, 0, body, 3, text.length);
        return body;
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

    /** Years Instant.parse takes but no database timestamp holds were a 500 from the JDBC layer. */
    @Test
    void instantsOutsideTheYearsTheStoreHoldsAreProblemsNamingTheParameter() {
        String years = "must be an ISO-8601 instant in the years 0001 to 9999, such as 2026-01-31T00:00:00Z";
        for (String query : List.of("/api/v1/audit/evaluations?from=-1000000000-01-01T00:00:00Z",
                "/api/v1/audit/evaluations?to=%2B1000000000-12-31T23:59:59Z",
                "/api/v1/audit/rules/stats?to=%2B1000000000-12-31T23:59:59Z",
                "/api/v1/audit/export?format=csv&from=-1000000000-01-01T00:00:00Z",
                "/api/v1/audit/rules/timeline?to=-999999999-01-01T00:00:00Z",
                "/api/v1/audit/rules/timeline?to=-1000000000-01-01T00:00:00Z")) {
            String parameter = query.contains("from=") ? "from" : "to";
            given().urlEncodingEnabled(false).when().get(query)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:position-policy:problem:invalid-request"))
                    .body("errors.size()", equalTo(1))
                    .body("errors[0].field", equalTo(parameter))
                    .body("errors[0].reason", equalTo(years));
        }
        given().contentType(ContentType.JSON).body("{\"from\": \"-1000000000-01-01T00:00:00Z\"}")
                .when().post("/api/v1/rulesets/impact")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.from"))
                .body("errors[0].reason", equalTo(years));
        given().when().get("/api/v1/audit/rules/timeline?to=0001-01-01T00:00:00Z")
                .then().statusCode(200).body("buckets.size()", equalTo(48));
        given().when().get("/api/v1/audit/evaluations?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z")
                .then().statusCode(200);
    }
}

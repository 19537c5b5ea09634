package io.positionpolicy.api;

import static io.positionpolicy.api.ApiTestSupport.object;
import static io.positionpolicy.api.ApiTestSupport.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BatchEvaluationTest {

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    @Test
    void evaluatesEachItemIndependentlyInOrder() {
        ObjectNode bad = request("1");
        object(bad, "account").put("equity", -5);
        ObjectNode batch = JsonNodeFactory.instance.objectNode();
        batch.putArray("items").add(request("1")).add(bad).add(request("7")).add(request("3"));

        given().contentType(ContentType.JSON).body(batch.toString())
                .when().post("/api/v1/evaluations/batch")
                .then().statusCode(200)
                .body("results", hasSize(4))
                .body("results[0].verdict", equalTo("APPROVE"))
                .body("results[0].actions[0].quantity", equalTo(25.0))
                .body("results[1].verdict", nullValue())
                .body("results[1].status", equalTo(400))
                .body("results[1].index", equalTo(1))
                .body("results[1].type", equalTo("urn:position-policy:problem:invalid-request"))
                .body("results[1].errors[0].field", equalTo("$.items[1].account.equity"))
                .body("results[2].verdict", equalTo("ADJUST"))
                .body("results[2].actions[0].leverage", equalTo(10))
                .body("results[3].verdict", equalTo("REJECT"))
                .body("results[3].violations[0].code", equalTo("RISK_BUDGET_EXCEEDED"));
    }

    @Test
    void aMalformedItemIsAProblemInItsSlot() {
        String body = "{\"items\": [" + request("1") + ", {\"account\": 5}, \"text\"]}";
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/evaluations/batch")
                .then().statusCode(200)
                .body("results[0].verdict", equalTo("APPROVE"))
                .body("results[1].errors[0].field", equalTo("$.items[1].account"))
                .body("results[2].errors[0].reason", containsString("must be a JSON object"));
    }

    @Test
    void rejectsAnEmptyMissingOrOversizedBatch() {
        batchProblem("{\"items\": []}", "$.items", "at least one");
        batchProblem("{\"requests\": []}", "$.items", "is required");
        StringBuilder many = new StringBuilder("{\"items\": [");
        String item = request("1").toString();
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append(item);
        }
        batchProblem(many.append("]}").toString(), "$.items", "the limit is 1000");
    }

    private static void batchProblem(String body, String field, String reason) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/evaluations/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.find { it.field == '" + field + "' }.reason", containsString(reason));
    }
}

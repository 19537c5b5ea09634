package io.positionpolicy.api;

import static io.positionpolicy.api.ApiTestSupport.object;
import static io.positionpolicy.api.ApiTestSupport.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ATR computed from candles, health, OpenAPI. */
@QuarkusTest
class ServiceSurfaceTest {

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    @Test
    void computesAtrFromCandlesWhenNoneIsGiven() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("src/test/resources/fixtures/atr-reference/cs-atr_with_talib_atr14.csv"))
                .stream().skip(1).filter(l -> !l.isBlank()).toList();
        ObjectNode request = request("1");
        ObjectNode market = object(request, "market");
        market.remove("atr");
        ArrayNode candles = market.putArray("candles");
        long time = 1_700_000_000_000L;
        for (String row : rows) {
            String[] c = row.strip().split(",");
            candles.addObject().put("time", time += 86_400_000L).put("open", Double.parseDouble(c[4]))
                    .put("high", Double.parseDouble(c[2])).put("low", Double.parseDouble(c[3]))
                    .put("close", Double.parseDouble(c[4]));
        }
        double talib = Double.parseDouble(rows.get(rows.size() - 1).strip().split(",")[6]);

        given().contentType(ContentType.JSON).body(request.toString())
                .when().post("/api/v1/evaluations")
                .then().statusCode(200)
                .body("metrics.atr", closeTo(talib, talib * 1e-9));
    }

    @Test
    void tooFewCandlesForAnAtr() {
        ObjectNode request = request("1");
        ObjectNode market = object(request, "market");
        market.remove("atr");
        market.putArray("candles").addObject().put("time", "2024-01-01T00:00:00Z").put("open", 1).put("high", 2)
                .put("low", 1).put("close", 2);
        given().contentType(ContentType.JSON).body(request.toString())
                .when().post("/api/v1/evaluations")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("$.market.atr"))
                .body("errors[0].reason", containsString("at least 15 candles"));
    }

    @Test
    void readyWithTheActiveRuleSetVersion() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'rules' }.data.version", startsWith("sha256:"))
                .body("checks.find { it.name == 'audit-store' }.status", equalTo("UP"));
    }

    @Test
    void publishesOpenApi() {
        given().when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body(containsString("/api/v1/evaluations/batch"))
                .body(containsString("EvaluationRequest"));
    }
}

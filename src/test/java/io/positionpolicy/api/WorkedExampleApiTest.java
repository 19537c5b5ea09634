package io.positionpolicy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every number of POLICY.md's worked example, through the HTTP API. */
@QuarkusTest
class WorkedExampleApiTest {

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    @Test
    void step1OpensTwentyFiveContractsAtHalfAPercentRisk() throws Exception {
        String body = Files.readString(Path.of("examples/worked-example-step1.json"));
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/evaluations")
                .then().statusCode(200)
                .body("evaluationId", matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))
                .body("requestId", equalTo("worked-example-1"))
                .body("rulesetVersion", matchesPattern("sha256:[0-9a-f]{64}"))
                .body("verdict", equalTo("APPROVE"))
                .body("actions", hasSize(1))
                .body("actions[0].type", equalTo("OPEN"))
                .body("actions[0].quantity", equalTo(25.0))
                .body("actions[0].stopPrice", equalTo(68500.0))
                .body("actions[0].leverage", equalTo(5))
                .body("violations", empty())
                .body("metrics.riskBudget", equalTo(50.0))
                .body("metrics.openRiskAfter", equalTo(25.0))
                .body("metrics.openRiskPctAfter", equalTo(0.5))
                .body("metrics.notionalAfter", equalTo(1737.5))
                .body("metrics.liquidationPrice", closeTo(55823.29, 0.001))
                .body("firedRules.name", hasItem("Open without a quantity: size it to the initial risk"))
                .body("firedRules.file", hasItem("entry/Sizing.drl"));
    }

    @Test
    void step2AddsFourteenContracts() {
        post(WorkedExample.step("2"))
                .body("verdict", equalTo("APPROVE"))
                .body("actions[0].type", equalTo("ADD"))
                .body("actions[0].quantity", equalTo(14.0))
                .body("metrics.openRiskBefore", equalTo(25.0))
                .body("metrics.openRiskAfter", closeTo(48.80, 0.001))
                .body("firedRules.find { it.name == 'Add without a quantity: size it by volatility' }.message",
                        containsString("add risk 25.00"));
    }

    @Test
    void step3RejectsTheSecondAddThatWouldBreakTheOnePercentRule() {
        post(WorkedExample.step("3"))
                .body("verdict", equalTo("REJECT"))
                .body("actions", empty())
                .body("violations.code", contains("RISK_BUDGET_EXCEEDED"))
                .body("violations[0].rule", equalTo("Risk budget leaves less than the minimum order: reject"))
                .body("violations[0].message", containsString("37.50 wanted"))
                .body("violations[0].message", containsString("1.20 left"))
                .body("metrics.openRiskAfter", closeTo(48.80, 0.001));
    }

    @Test
    void step3bRaisingTheStopMakesRoomForTwentyEight() throws Exception {
        String body = Files.readString(Path.of("examples/worked-example-step3b.json"));
        post(body)
                .body("verdict", equalTo("APPROVE"))
                .body("actions[0].quantity", equalTo(28.0))
                .body("actions[0].stopPrice", equalTo(69500.0))
                .body("metrics.openRiskAfter", closeTo(46.20, 0.001));
    }

    @Test
    void step3cExperiencedBudgetAllowsSixteen() {
        post(WorkedExample.step("3c"))
                .body("verdict", equalTo("APPROVE"))
                .body("actions[0].quantity", equalTo(16.0))
                .body("metrics.riskBudget", equalTo(100.0))
                .body("metrics.openRiskAfter", closeTo(85.60, 0.001));
    }

    @Test
    void step4TakesHalfThePeakAndTrailsTheStop() {
        post(WorkedExample.step("4"))
                .body("verdict", equalTo("ACT"))
                .body("actions.type", contains("REDUCE", "MOVE_STOP"))
                .body("actions[0].quantity", equalTo(33.0))
                .body("actions[1].stopPrice", equalTo(73500.0));
    }

    @Test
    void step5TakesAQuarterOfThePeakAndTrails() {
        post(WorkedExample.step("5"))
                .body("verdict", equalTo("ACT"))
                .body("actions.type", contains("REDUCE", "MOVE_STOP"))
                .body("actions[0].quantity", equalTo(16.0))
                .body("actions[1].stopPrice", equalTo(78500.0));
    }

    @Test
    void step6ClosesTheRestOnTheStop() {
        post(WorkedExample.step("6"))
                .body("verdict", equalTo("ACT"))
                .body("actions", hasSize(1))
                .body("actions[0].type", equalTo("CLOSE"))
                .body("actions[0].quantity", equalTo(18.0))
                .body("actions[0].reason", equalTo("STOP_HIT"));
    }

    @Test
    void step7CapsTheLeverageAtTen() {
        post(WorkedExample.step("7"))
                .body("verdict", equalTo("ADJUST"))
                .body("actions[0].quantity", equalTo(25.0))
                .body("actions[0].leverage", equalTo(10))
                .body("adjustments[0].field", equalTo("leverage"))
                .body("adjustments[0].from", equalTo(60.0))
                .body("adjustments[0].to", equalTo(10.0));
    }

    private static io.restassured.response.ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/evaluations")
                .then().statusCode(200).contentType(ContentType.JSON);
    }
}

package io.positionpolicy.api;

import static io.positionpolicy.api.ApiTestSupport.object;
import static io.positionpolicy.api.ApiTestSupport.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a 400 application/problem+json naming the field, never a 500 and never a stack trace. */
@QuarkusTest
class ProblemResponseTest {

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    @Test
    void malformedJson() {
        problem("{\"account\": {\"id\": \"a\",", "$.account", "malformed JSON");
        problem("{\"account\": } ", "$", "malformed JSON");
        problem("", "$", "empty");
        problem("   ", "$", "the request body is empty").body("detail", equalTo("$ the request body is empty"));
        problem("[1, 2]", "$", "must be an object");
    }

    @Test
    void wrongTypes() {
        ObjectNode text = request("1");
        object(text, "account").put("equity", "5000");
        problem(text.toString(), "$.account.equity", "must be a number");

        ObjectNode fraction = request("1");
        object(fraction, "intent").put("leverage", 5.5);
        problem(fraction.toString(), "$.intent.leverage", "must be a whole number");

        ObjectNode flag = request("1");
        object(flag, "account").put("id", true);
        problem(flag.toString(), "$.account.id", "must be a string");

        ObjectNode list = request("1");
        list.put("market", "fast");
        problem(list.toString(), "$.market", "must be an object");
    }

    @Test
    void everyWrongTypeOfTheBodyInOneAnswer() {
        ObjectNode both = request("1");
        object(both, "account").put("equity", "five thousand");
        object(both, "intent").put("price", "69500");
        problem(both.toString(), "$.account.equity", "must be a number")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("$.account.equity", "$.intent.price"))
                .body("detail", equalTo("2 fields are invalid; see errors"));
    }

    @Test
    void unknownEnumValuesAndFields() {
        ObjectNode tier = request("1");
        object(tier, "account").put("tier", "GOLD");
        problem(tier.toString(), "$.account.tier", "must be one of STANDARD, EXPERIENCED");

        ObjectNode type = request("1");
        object(type, "intent").put("type", "BUY");
        problem(type.toString(), "$.intent.type", "must be one of OPEN, ADD, REDUCE, CLOSE, REVIEW");

        ObjectNode field = request("1");
        object(field, "instrument").put("colour", "blue");
        problem(field.toString(), "$.instrument.colour", "unknown field 'colour'");
    }

    @Test
    void missingRequiredFields() {
        ObjectNode noAccount = request("1");
        noAccount.remove("account");
        problem(noAccount.toString(), "$.account", "is required");

        ObjectNode noTick = request("1");
        object(noTick, "instrument").remove("tickSize");
        object(noTick, "intent").remove("side");
        problem(noTick.toString(), "$.instrument.tickSize", "is required")
                .body("errors.field", hasItem("$.intent.side"));
    }

    @Test
    void nonFiniteAndNonPositiveNumbers() {
        ObjectNode nan = request("1");
        object(nan, "account").put("equity", "NaN");
        problem(nan.toString(), "$.account.equity", "must be a finite number");

        String infinite = request("1").toString().replace("\"price\":69500", "\"price\":1e400");
        problem(infinite, "$.intent.price", "must be a finite number");

        ObjectNode negative = request("1");
        object(negative, "intent").put("price", -1);
        object(negative, "instrument").put("contractSize", 0);
        problem(negative.toString(), "$.intent.price", "must be greater than 0")
                .body("errors.field", hasItem("$.instrument.contractSize"));
    }

    @Test
    void sharesOutsideZeroToOne() {
        ObjectNode review = request("4");
        ((ObjectNode) object(review, "position").withArray("takeProfits").get(1)).put("share", 0);
        problem(review.toString(), "$.position.takeProfits[1].share", "must be in (0, 1]");
    }

    @Test
    void openWithAPositionAndAddWithout() {
        ObjectNode open = request("1");
        open.set("position", request("2").get("position"));
        problem(open.toString(), "$.position", "must be absent for an OPEN");

        ObjectNode add = request("2");
        add.remove("position");
        problem(add.toString(), "$.position", "is required for ADD");
    }

    @Test
    void wrongContentTypeAndUnknownPath() {
        given().contentType(ContentType.TEXT).body("hello")
                .when().post("/api/v1/evaluations")
                .then().statusCode(415).contentType("application/problem+json")
                .body("type", equalTo("urn:position-policy:problem:unsupported-media-type"));
        given().when().get("/api/v1/evaluations")
                .then().statusCode(405).contentType("application/problem+json");
    }

    private static ValidatableResponse problem(String body, String field, String reason) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/evaluations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:position-policy:problem:invalid-request"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.reason", containsString(reason))
                .body(allOf(not(containsString("java.")), not(containsString("Exception")),
                        not(containsString("Source:"))));
    }
}

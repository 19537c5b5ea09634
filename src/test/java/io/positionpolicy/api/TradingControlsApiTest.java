package io.positionpolicy.api;

import static io.positionpolicy.api.ApiTestSupport.object;
import static io.positionpolicy.api.ApiTestSupport.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.positionpolicy.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kill switch over HTTP: a risk manager halts one account, its next order is refused with TRADING_HALTED and the
 * state in the recorded answer, the change is in the log with who and why and the chain verifies, clearing it lets the
 * account trade again; a change without a reason is a problem naming the field; a trader may not change states.
 */
@QuarkusTest
class TradingControlsApiTest {
    private static final String ACCOUNT = "acc-api-halt";

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    @Test
    void aHaltSetThroughTheApiRefusesTheAccountsNextOrderUntilCleared() {
        ObjectNode order = request("1");
        object(order, "account").put("id", ACCOUNT);
        try {
            given().auth().none().header("Authorization", TestUsers.RISK_MANAGER.basic()).contentType(ContentType.JSON)
                    .body("{\"scope\": \"ACCOUNT\", \"accountId\": \"" + ACCOUNT + "\", \"state\": \"HALTED\","
                            + " \"reason\": \"margin call\"}")
                    .put("/api/v1/controls/trading-states")
                    .then().statusCode(200)
                    .body("principal", equalTo("risk"), "oldState", equalTo("ACTIVE"), "newState", equalTo("HALTED"));

            given().auth().none().header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                    .body(order.toString()).post("/api/v1/evaluations")
                    .then().statusCode(200)
                    .body("verdict", equalTo("REJECT"), "violations.code", contains("TRADING_HALTED"),
                            "tradingStates[0].scope", equalTo("ACCOUNT"), "tradingStates[0].state", equalTo("HALTED"),
                            "tradingStates[0].reason", equalTo("margin call"));

            given().get("/api/v1/controls/trading-states").then().statusCode(200)
                    .body("states.accountId", hasItem(ACCOUNT));
            given().get("/api/v1/controls/trading-states/changes?limit=5").then().statusCode(200)
                    .body("[0].accountId", equalTo(ACCOUNT), "[0].reason", equalTo("margin call"));
            given().get("/api/v1/controls/trading-states/verify").then().statusCode(200).body("ok", equalTo(true));
        } finally {
            given().contentType(ContentType.JSON)
                    .body("{\"scope\": \"ACCOUNT\", \"accountId\": \"" + ACCOUNT + "\", \"state\": \"ACTIVE\","
                            + " \"reason\": \"cleared\"}")
                    .put("/api/v1/controls/trading-states").then().statusCode(200);
        }
        given().auth().none().header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                .body(order.toString()).post("/api/v1/evaluations")
                .then().statusCode(200).body("verdict", equalTo("APPROVE"));
    }

    /** Until 2026-11-29 a halt set on "btcusdt" was stored as given and let every order for BTCUSDT through. */
    @Test
    void aSymbolIsOneSymbolWhateverItsCase() {
        ObjectNode order = request("1");
        object(order, "account").put("id", ACCOUNT);
        try {
            given().contentType(ContentType.JSON)
                    .body("{\"scope\": \"ACCOUNT_SYMBOL\", \"accountId\": \"" + ACCOUNT + "\", \"symbol\": \" btcusdt\","
                            + " \"state\": \"HALTED\", \"reason\": \"desk review\"}")
                    .put("/api/v1/controls/trading-states")
                    .then().statusCode(200).body("symbol", equalTo("BTCUSDT"), "newState", equalTo("HALTED"));

            object(order, "instrument").put("symbol", "BTCUSDT");
            given().auth().none().header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                    .body(order.toString()).post("/api/v1/evaluations")
                    .then().statusCode(200)
                    .body("verdict", equalTo("REJECT"), "violations.code", contains("TRADING_HALTED"));
            object(order, "instrument").put("symbol", "BtcUsdt ");
            given().auth().none().header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                    .body(order.toString()).post("/api/v1/evaluations")
                    .then().statusCode(200)
                    .body("verdict", equalTo("REJECT"), "violations.code", contains("TRADING_HALTED"));
        } finally {
            given().contentType(ContentType.JSON)
                    .body("{\"scope\": \"ACCOUNT_SYMBOL\", \"accountId\": \"" + ACCOUNT + "\", \"symbol\": \"BTCUSDT\","
                            + " \"state\": \"ACTIVE\", \"reason\": \"cleared\"}")
                    .put("/api/v1/controls/trading-states")
                    .then().statusCode(200).body("oldState", equalTo("HALTED"));
        }
        given().auth().none().header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                .body(order.toString()).post("/api/v1/evaluations")
                .then().statusCode(200).body("verdict", equalTo("APPROVE"));
    }

    @Test
    void aChangeWithoutAReasonOrWithAnUnknownStateIsAProblemNamingTheField() {
        given().contentType(ContentType.JSON)
                .body("{\"scope\": \"SYMBOL\", \"symbol\": \"BTCUSDT\", \"state\": \"HALTED\"}")
                .put("/api/v1/controls/trading-states")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.field", contains("$.reason"));
        given().contentType(ContentType.JSON)
                .body("{\"scope\": \"GLOBAL\", \"state\": \"PAUSED\", \"reason\": \"x\"}")
                .put("/api/v1/controls/trading-states")
                .then().statusCode(400).body("errors[0].field", equalTo("$.state"));
        given().contentType(ContentType.JSON)
                .body("{\"scope\": \"GLOBAL\", \"state\": 2, \"reason\": \"x\"}")
                .put("/api/v1/controls/trading-states")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.field", contains("$.state"))
                .body("errors[0].reason", equalTo("must be one of ACTIVE, REDUCING, HALTED"));
        given().auth().none().header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                .body("{\"scope\": \"ACCOUNT\", \"accountId\": \"" + ACCOUNT + "-2\", \"state\": \"HALTED\","
                        + " \"reason\": \"x\"}")
                .put("/api/v1/controls/trading-states")
                .then().statusCode(403);
    }
}

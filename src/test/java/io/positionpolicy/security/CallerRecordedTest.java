package io.positionpolicy.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Who asked is recorded: on each evaluation in the audit trail, on each reload and validation in the history. */
@QuarkusTest
class CallerRecordedTest {

    @Test
    void evaluationsCarryTheCallerSignedInByBasicOrJwt() throws Exception {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
        String body = Files.readString(Path.of("examples/worked-example-step1.json"));
        String byBasic = given().header("Authorization", TestUsers.TRADER.basic()).contentType(ContentType.JSON)
                .body(body).post("/api/v1/evaluations").then().statusCode(200).extract().path("evaluationId");
        String byJwt = given().auth().oauth2(Tokens.signed("desk-7", Roles.TRADER)).contentType(ContentType.JSON)
                .body(body).post("/api/v1/evaluations").then().statusCode(200).extract().path("evaluationId");

        for (String[] expected : new String[][] {{byBasic, "trader"}, {byJwt, "desk-7"}}) {
            given().header("Authorization", TestUsers.AUDITOR.basic())
                    .get("/api/v1/audit/evaluations/" + expected[0]).then().statusCode(200)
                    .body("principal", org.hamcrest.Matchers.equalTo(expected[1]));
        }
        given().header("Authorization", TestUsers.AUDITOR.basic())
                .get("/api/v1/audit/verify").then().statusCode(200).body("ok", org.hamcrest.Matchers.is(true));
    }

    @Test
    void reloadsAndValidationsCarryTheCaller() {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
        given().header("Authorization", TestUsers.RISK_MANAGER.basic()).post("/api/v1/rulesets/reload")
                .then().statusCode(200);
        given().auth().oauth2(Tokens.signed("rm-jwt", Roles.RISK_MANAGER)).contentType(ContentType.JSON)
                .body("{\"files\": {\"extra/Broken.drl\": \"package extra;\\nrule \\\"x\\\" when\\n\"}}")
                .post("/api/v1/rulesets/validate").then().statusCode(200);

        JsonPath operations = given().header("Authorization", TestUsers.AUDITOR.basic())
                .get("/api/v1/rulesets/operations?limit=5").then().statusCode(200).extract().jsonPath();
        assertThat(operations.getString("[0].trigger")).isEqualTo("validate");
        assertThat(operations.getString("[0].principal")).isEqualTo("rm-jwt");
        assertThat(operations.getString("[0].outcome")).isEqualTo("rejected");
        assertThat(operations.getList("[0].problems", String.class)).anyMatch(p -> p.startsWith("extra/Broken.drl:"));
        assertThat(operations.getString("[1].trigger")).isEqualTo("api");
        assertThat(operations.getString("[1].principal")).isEqualTo("risk");
        assertThat(operations.getString("[1].outcome")).isEqualTo("unchanged");
    }
}

package io.positionpolicy.packaged;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changing the 1 % parameter in the running service's rules directory changes the next decisions within 2 s. */
class HotReloadIT {
    private static final String REQUEST = """
            {"account": {"id": "a", "equity": 10000, "tier": "STANDARD"},
             "instrument": {"symbol": "BTCUSDT", "contractSize": 0.001, "qtyStep": 1, "minQty": 1, "tickSize": 0.1,
                            "minNotional": 5, "maxLeverage": 125,
                            "maintenanceTiers": [{"notionalFloor": 0, "rate": 0.004, "amount": 0}]},
             "market": {"lastPrice": 50000, "atr": 1000},
             "intent": {"type": "OPEN", "side": "LONG", "price": 50000, "quantity": 100, "stopPrice": 49000,
                        "leverage": 5}}
            """;

    @Test
    void theOnePercentRuleBecomesThreeQuartersWithinTwoSeconds(@TempDir Path work) throws Exception {
        Path rules = work.resolve("rules");
        try (Stream<Path> drl = Files.walk(Path.of("rules")).filter(p -> p.toString().endsWith(".drl"))) {
            for (Path file : drl.toList()) {
                Path target = rules.resolve(Path.of("rules").relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        try (PackagedService service = PackagedService.start(Map.of("policy.rules.dir", rules.toString(),
                "policy.data-dir", work.resolve("data").toString()))) {
            int port = service.awaitPort(Duration.ofSeconds(60));
            evaluate(port).body("verdict", equalTo("APPROVE")).body("actions[0].quantity", equalTo(100.0f));
            Thread.sleep(5_000); // a running service: start-up, including its compiler warm-up, is over

            Path parameters = rules.resolve("parameters/Parameters.drl");
            String edited = Files.readString(parameters).replace("        .riskPct(0.01) ", "        .riskPct(0.0075)");
            Path temp = rules.resolve("parameters/.Parameters.drl.tmp");
            Files.writeString(temp, edited);
            long saved = System.nanoTime();
            Files.move(temp, parameters, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            double quantity = 100;
            long elapsedMillis = 0;
            while (quantity == 100 && elapsedMillis < 10_000) {
                Thread.sleep(25);
                JsonPath decision = evaluate(port).extract().jsonPath();
                quantity = decision.getDouble("actions[0].quantity");
                elapsedMillis = (System.nanoTime() - saved) / 1_000_000;
            }
            JsonPath status = given().port(port).when().get("/api/v1/rulesets/status").then().extract().jsonPath();
            String summary = "new decisions after " + elapsedMillis + " ms (reload: compile "
                    + status.getLong("lastAttempt.compileMillis") + " ms, scenarios "
                    + status.getLong("lastAttempt.checkMillis") + " ms, total "
                    + status.getLong("lastAttempt.totalMillis") + " ms, after the 300 ms quiet period)";
            System.out.println("hot reload in the packaged service: " + summary);
            Files.writeString(Path.of("target/hot-reload-it.txt"), summary + "\n");
            assertThat(quantity).isEqualTo(75);
            assertThat(elapsedMillis).isLessThanOrEqualTo(2_000);
            given().port(port).when().get("/api/v1/rulesets/status").then().statusCode(200)
                    .body("lastAttempt.outcome", equalTo("activated"))
                    .body("lastAttempt.trigger", equalTo("file-change"));
        }
    }

    private static io.restassured.response.ValidatableResponse evaluate(int port) {
        return given().port(port).contentType(ContentType.JSON).body(REQUEST)
                .when().post("/api/v1/evaluations").then().statusCode(200);
    }
}

package io.positionpolicy.api;

import static io.positionpolicy.api.ApiTestSupport.object;
import static io.positionpolicy.api.ApiTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.positionpolicy.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each input limit answers 400 or 413 with a problem that names the limit. */
@QuarkusTest
class InputLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/v1/evaluations")
    URI evaluations;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private JsonNode post(URI uri, HttpRequest.BodyPublisher body, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", TestUsers.TRADER.basic()).header("Content-Type", "application/json")
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        return JSON.readTree(response.body());
    }

    private JsonNode evaluate(Consumer<ObjectNode> change) throws Exception {
        ObjectNode request = request("1");
        change.accept(request);
        return post(evaluations, HttpRequest.BodyPublishers.ofString(request.toString()), 400);
    }

    @Test
    void aBodyOverTheSizeLimitIsRefusedWhetherItsLengthIsDeclaredOrNot() throws Exception {
        byte[] nine = new byte[9 * 1024 * 1024];
        java.util.Arrays.fill(nine, (byte) ' ');
        JsonNode declared = post(evaluations, HttpRequest.BodyPublishers.ofByteArray(nine), 413);
        assertThat(declared.get("detail").asText()).contains("8388608 bytes").contains("policy.api.max-body-size");
        JsonNode chunked = post(evaluations,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(nine)), 413);
        assertThat(chunked.get("type").asText()).endsWith("payload-too-large");
    }

    @Test
    void nestingNumbersAndStringsHaveLimits() throws Exception {
        String deep = "{\"items\":" + "[".repeat(40) + "]".repeat(40) + "}";
        assertThat(post(evaluations.resolve("evaluations/batch"), HttpRequest.BodyPublishers.ofString(deep), 400)
                .toString())
                .contains("nested deeper than 32 levels (limit)");
        String longNumber = request("1").toString().replaceFirst("\"equity\":[0-9.]+", "\"equity\":" + "1".repeat(70));
        assertThat(post(evaluations, HttpRequest.BodyPublishers.ofString(longNumber), 400).toString())
                .contains("a number longer than 64 characters (limit)");
        assertThat(evaluate(r -> r.put("requestId", "r".repeat(201))).toString())
                .contains("$.requestId").contains("at most 200 characters (limit)");
    }

    @Test
    void numbersOutsideTheirRangesNameTheRange() throws Exception {
        JsonNode huge = evaluate(r -> object(r, "account").put("equity", 1e13));
        assertThat(huge.toString()).contains("$.account.equity").contains("between 1e-12 and 1e12 (limit)");
        JsonNode tiny = evaluate(r -> object(r, "instrument").put("tickSize", 1e-300));
        assertThat(tiny.toString()).contains("$.instrument.tickSize").contains("between 1e-12 and 1e12 (limit)");
        JsonNode leverage = evaluate(r -> object(r, "intent").put("leverage", 1001));
        assertThat(leverage.toString()).contains("$.intent.leverage").contains("from 1 to 1000 (limit)");
        JsonNode overflow = evaluate(r -> object(r, "intent").put("leverage", 3_000_000_000L));
        assertThat(overflow.toString()).contains("$.intent.leverage");
    }

    @Test
    void candleCountAndBatchSizeHaveLimits() throws Exception {
        JsonNode candles = evaluate(r -> {
            ArrayNode list = object(r, "market").putArray("candles");
            for (int i = 0; i < 5_001; i++) {
                list.addObject().put("time", 1_700_000_000_000L + i * 60_000L).put("open", 100).put("high", 101)
                        .put("low", 99).put("close", 100);
            }
        });
        assertThat(candles.toString()).contains("$.market.candles").contains("at most 5000 candles (limit)");

        StringBuilder batch = new StringBuilder("{\"items\": [");
        for (int i = 0; i < 1_001; i++) {
            batch.append(i == 0 ? "" : ",").append("{}");
        }
        batch.append("]}");
        JsonNode tooMany = post(evaluations.resolve("evaluations/batch"),
                HttpRequest.BodyPublishers.ofString(batch.toString(), StandardCharsets.UTF_8), 400);
        assertThat(tooMany.toString()).contains("1000");
    }
}

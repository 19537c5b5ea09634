package io.positionpolicy.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 11: the OpenAPI document declares both sign-ins under meaningful names, every operation accepts
 * either, metrics carry their units, and the committed copy (docs/openapi.yaml, from which the build generates the
 * Java client its GeneratedClientIT uses) is the document the service serves.
 */
@QuarkusTest
class OpenApiDocumentTest {
    static final Path SNAPSHOT = Path.of("docs/openapi.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @BeforeAll
    static void setUp() {
        ApiTestSupport.setUp();
    }

    private static JsonNode served() throws Exception {
        return YAML.readTree(given().when().get("/q/openapi").then().statusCode(200).extract().asString());
    }

    @Test
    void declaresHttpBasicAndBearerJwtAndEveryOperationTakesEither() throws Exception {
        JsonNode document = served();
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.fieldNames()).toIterable().containsExactlyInAnyOrder("basicAuth", "bearerJwt");
        assertThat(schemes.path("basicAuth").path("scheme").asText()).isEqualTo("basic");
        assertThat(schemes.path("bearerJwt").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("bearerJwt").path("bearerFormat").asText()).isEqualTo("JWT");
        JsonNode evaluate = document.path("paths").path("/api/v1/evaluations").path("post");
        assertThat(evaluate.path("security").toString()).isEqualTo("[{\"basicAuth\":[]},{\"bearerJwt\":[]}]");
        assertThat(evaluate.path("description").asText()).contains("Roles: trader, admin");
        document.path("paths").forEach(path -> path.forEach(operation -> assertThat(operation.path("security")
                .toString()).isIn("", "[{\"basicAuth\":[]},{\"bearerJwt\":[]}]")));
    }

    @Test
    void theDecisionsMetricsSayTheirUnits() throws Exception {
        JsonNode metrics = served().path("components").path("schemas").path("Metrics").path("properties");
        assertThat(metrics.path("openRiskPctAfter").path("description").asText()).contains("PERCENT")
                .contains("0.5 means 0.5 %");
        assertThat(metrics.path("riskBudget").path("description").asText()).contains("USDT");
    }

    /** The candle upload named the limit on what is sent, but not the one on what a gzip decompresses to. */
    @Test
    void theCandleUploadNamesBothItsSizeLimitsAndTheirAnswer() throws Exception {
        String summary = served().path("paths").path("/api/v1/backtests/uploads").path("post").path("summary").asText();
        assertThat(summary).contains("policy.api.max-body-size (8 MiB)")
                .contains("policy.api.max-decompressed-size (64 MiB)").contains("413");
    }

    @Test
    void theCommittedCopyIsTheServedDocument() throws Exception {
        JsonNode served = served();
        Path fresh = Path.of("target/openapi-served.yaml");
        Files.createDirectories(fresh.getParent());
        YAML.writeValue(fresh.toFile(), served);
        assertThat(YAML.readTree(SNAPSHOT.toFile()))
                .as("docs/openapi.yaml is out of date: cp %s %s (the build generates the test client from it)",
                        fresh, SNAPSHOT)
                .isEqualTo(served);
    }
}

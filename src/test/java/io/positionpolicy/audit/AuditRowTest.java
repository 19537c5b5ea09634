package io.positionpolicy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.evaluation.ResponseJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A stored record always reads back. Records kept before bodies were decoded on arrival may start with a byte order
 * mark; reading one threw, and the API answered 400 "The request body could not be read" and cut the NDJSON export.
 */
class AuditRowTest {
    private static final String REQUEST = "{\"requestId\":\"r-1\",\"account\":{\"id\":\"acc-1\",\"equity\":5000.10}}";

    private static AuditRow stored(String requestJson) {
        return new AuditRow("0190b6a4-0000-7000-8000-000000000001", "node-a", 1, Instant.parse("2026-01-02T03:04:05Z"),
                "tester", "r-1", "acc-1", null, "BTCUSDT", "OPEN", "APPROVE", "sha256:abc", 15, requestJson,
                "{\"verdict\":\"APPROVE\"}", "[]", "", ChainHash.GENESIS, "hash");
    }

    @Test
    void aRequestStoredWithAByteOrderMarkReadsAsItsJson() throws Exception {
        AuditRow row = stored("\uFEFF" + REQUEST);

        assertThat(row.request().path("account").path("id").asText()).isEqualTo("acc-1");
        assertThat(row.request().path("account").path("equity").decimalValue()).hasToString("5000.10");
        assertThat(row.requestJson()).as("what is stored, and hashed, stays as it was").startsWith("\uFEFF");
        JsonNode written = ResponseJson.mapper().readTree(ResponseJson.mapper().writeValueAsString(row));
        assertThat(written.path("request").path("requestId").asText()).isEqualTo("r-1");
    }

    @Test
    void aStoredRequestThatIsNotJsonIsShownAsTheStoredText() throws Exception {
        String garbled = "\uFFFD\uFFFD{\u0000\"\u0000r\u0000"; // a UTF-16 body once kept as if it were UTF-8
        AuditRow row = stored(garbled);

        assertThat(row.request().isTextual()).isTrue();
        assertThat(row.request().textValue()).isEqualTo(garbled);
        JsonNode written = ResponseJson.mapper().readTree(ResponseJson.mapper().writeValueAsString(row));
        assertThat(written.path("id").asText()).isEqualTo(row.id());
        assertThat(written.path("request").textValue()).isEqualTo(garbled);
        assertThat(written.path("response").path("verdict").asText()).isEqualTo("APPROVE");
    }
}

package io.positionpolicy.evaluation;

import static io.positionpolicy.evaluation.ParsedExamples.example;
import static io.positionpolicy.evaluation.ParsedExamples.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A string field takes a JSON string. "account": {"id": true} and "instrument": {"symbol": 1e300} were accepted and
 * recorded as "true" and "1e+300"; so were numbers and booleans for position.id and requestId.
 */
class StringFieldsTest {


    @Test
    void numbersAndBooleansForStringsAreRefusedEachByItsPath() throws Exception {
        String json = example("step3b").replace("\"id\": \"acc-1\"", "\"id\": true")
                .replace("\"symbol\": \"BTCUSDT\"", "\"symbol\": 1e300")
                .replace("\"id\": \"pos-1\"", "\"id\": 7")
                .replace("\"requestId\": \"worked-example-3b\"", "\"requestId\": false");
        assertThat(json).contains("true").contains("1e300").contains("\"id\": 7").contains("false");

        assertThat(refused(json).errors()).containsExactlyInAnyOrder(
                new FieldError("$.account.id", "must be a string"),
                new FieldError("$.instrument.symbol", "must be a string"),
                new FieldError("$.position.id", "must be a string"),
                new FieldError("$.requestId", "must be a string"));
    }

    @Test
    void numbersGivenAsStringsAreStillRefusedAndStringsStillRead() throws Exception {
        assertThat(refused(example("step3b").replace("\"equity\": 5000", "\"equity\": \"5000\"")).errors())
                .containsExactly(new FieldError("$.account.equity", "must be a number"));
        assertThat(RequestParser.parse(example("step3b").getBytes(StandardCharsets.UTF_8)).account().id()).isEqualTo("acc-1");
    }
}

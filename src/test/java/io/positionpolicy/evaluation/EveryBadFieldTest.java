package io.positionpolicy.evaluation;

import static io.positionpolicy.evaluation.ParsedExamples.example;
import static io.positionpolicy.evaluation.ParsedExamples.refused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 19, item 2: one answer names every bad field of the body, wrong types included. */
class EveryBadFieldTest {


    @Test
    void twoWrongTypesAreBothReported() throws Exception {
        String json = example("step1").replace("\"equity\": 5000", "\"equity\": \"five thousand\"")
                .replace("\"price\": 69500,", "\"price\": \"69500\",");
        assertThat(json).contains("five thousand").contains("\"69500\"");
        assertThat(refused(json).errors()).containsExactlyInAnyOrder(
                new FieldError("$.account.equity", "must be a number"),
                new FieldError("$.intent.price", "must be a number"));
    }

    @Test
    void wrongTypesUnknownFieldsEnumsAndFailedChecksComeTogether() throws Exception {
        String json = example("step1").replace("\"equity\": 5000", "\"equity\": true")
                .replace("\"tier\": \"STANDARD\"", "\"tier\": \"GOLD\"")
                .replace("\"symbol\": \"BTCUSDT\"", "\"symbol\": \"BTCUSDT\", \"colour\": \"red\"")
                .replace("\"stopPrice\": 68500", "\"stopPrice\": -1")
                .replace("\"maxLeverage\": 125", "\"maxLeverage\": 12.5");
        assertThat(refused(json).errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "$.account.equity", "$.account.tier", "$.instrument.colour", "$.instrument.maxLeverage",
                "$.intent.stopPrice");
    }

    @Test
    void aWrongElementOfAnArrayKeepsTheIndexesOfTheOthers() throws Exception {
        String json = example("step1").replaceFirst("\\{\\s*\"notionalFloor\": 0,\\s*\"rate\": 0.004,\\s*\"amount\": 0\\s*}", "\"first\"")
                .replace("\"rate\": 0.005", "\"rate\": \"half a percent\"");
        assertThat(json).contains("\"first\"").contains("half a percent");
        assertThat(refused(json).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("$.instrument.maintenanceTiers[0]", "$.instrument.maintenanceTiers[1].rate");
    }

    @Test
    void aWrongTypeIsNotReportedAgainAsMissing() throws Exception {
        String json = example("step1").replace("\"id\": \"acc-1\"", "\"id\": {\"n\": 7}").replace("\"equity\": 5000", "\"equity\": [1]");
        assertThat(refused(json).errors()).containsExactlyInAnyOrder(
                new FieldError("$.account.id", "must be a string"),
                new FieldError("$.account.equity", "must be a number"));
    }
}

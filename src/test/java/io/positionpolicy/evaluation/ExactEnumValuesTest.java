package io.positionpolicy.evaluation;

import static io.positionpolicy.evaluation.ParsedExamples.example;
import static io.positionpolicy.evaluation.ParsedExamples.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.positionpolicy.controls.StateChangeRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An enum value is its name, exactly. Numbers were read by position ("type": 0 as OPEN, "side": 1 as SHORT, "tier": 1
 * as EXPERIENCED, a trading state 2 as HALTED) and names were trimmed (" OPEN", "OPEN\u0000" as OPEN).
 */
class ExactEnumValuesTest {
    private static final String TYPES = "must be one of OPEN, ADD, REDUCE, CLOSE, REVIEW";


    @Test
    void aNumberIsNotAnEnumValue() throws Exception {
        String json = example("step1").replace("\"type\": \"OPEN\"", "\"type\": 0")
                .replace("\"side\": \"LONG\"", "\"side\": 1")
                .replace("\"tier\": \"STANDARD\"", "\"tier\": 1");

        assertThat(refused(json).errors()).containsExactlyInAnyOrder(
                new FieldError("$.intent.type", TYPES),
                new FieldError("$.intent.side", "must be one of LONG, SHORT"),
                new FieldError("$.account.tier", "must be one of STANDARD, EXPERIENCED"));
        assertThat(refused(example("step1").replace("\"type\": \"OPEN\"", "\"type\": \"0\"")).errors())
                .containsExactly(new FieldError("$.intent.type", TYPES));
    }

    @ParameterizedTest
    @ValueSource(strings = {" OPEN", "OPEN ", "OPEN\\u0000", "\\tOPEN", "OPEN\\n", "\\u001fOPEN"})
    void whitespaceOrAControlCharacterAroundAnEnumValueIsRefused(String value) throws Exception {
        String json = example("step1").replace("\"type\": \"OPEN\"", "\"type\": \"" + value + "\"");

        assertThat(refused(json).errors()).containsExactly(new FieldError("$.intent.type", TYPES));
    }

    @Test
    void aTradingStateIsItsNameToo() {
        for (String state : new String[] {"2", "\"2\"", "\"HALTED \""}) {
            byte[] body = ("{\"scope\": \"GLOBAL\", \"state\": " + state + ", \"reason\": \"x\"}")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(catchThrowableOfType(InvalidRequestException.class,
                    () -> RequestParser.read(body, StateChangeRequest.class)).errors())
                    .as(state).containsExactly(new FieldError("$.state", "must be one of ACTIVE, REDUCING, HALTED"));
        }
    }

    @Test
    void theExactNameIsRead() throws Exception {
        assertThat(RequestParser.parse(example("step1").getBytes(StandardCharsets.UTF_8)).intent().type().name())
                .isEqualTo("OPEN");
    }
}

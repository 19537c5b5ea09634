package io.positionpolicy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One reading of the instants requests carry: the ISO-8601 text, then the range, or a problem naming the field. */
class InstantRangeTest {
    private final List<FieldError> errors = new ArrayList<>();

    @Test
    void aSearchBoundIsAnyInstantADatabaseTimestampHolds() {
        assertThat(InstantRange.STORED.parse("from", "0001-01-01T00:00:00Z", errors))
                .isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(InstantRange.STORED.parse("to", "9999-12-31T23:59:59.999Z", errors))
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z"));
        assertThat(InstantRange.STORED.parse("from", " ", errors)).isNull();
        assertThat(InstantRange.STORED.parse("from", null, errors)).isNull();
        assertThat(errors).isEmpty();
    }

    @Test
    void yearsInstantParseTakesButNoTimestampHoldsAreProblemsNamingTheParameter() {
        // Instant.parse takes these; OffsetDateTime (and so the JDBC layer) does not, or the database does not
        assertThat(InstantRange.STORED.parse("from", "-1000000000-01-01T00:00:00Z", errors)).isNull();
        assertThat(InstantRange.STORED.parse("to", "+1000000000-12-31T23:59:59Z", errors)).isNull();
        assertThat(InstantRange.STORED.parse("to", "-999999999-01-01T00:00:00Z", errors)).isNull();
        assertThat(InstantRange.STORED.parse("$.from", "+10000-01-01T00:00:00Z", errors)).isNull();
        assertThat(InstantRange.STORED.parse("$.to", "yesterday", errors)).isNull();
        assertThat(errors).extracting(FieldError::field).containsExactly("from", "to", "to", "$.from", "$.to");
        assertThat(errors).extracting(FieldError::reason).containsOnly(
                "must be an ISO-8601 instant in the years 0001 to 9999, such as 2026-01-31T00:00:00Z");
    }

    @Test
    void anEventTimeIsOneInTheServicesLife() {
        assertThat(InstantRange.EVENT.parse("$.activateAt", "2026-12-01T06:00:00Z", errors))
                .isEqualTo(Instant.parse("2026-12-01T06:00:00Z"));
        assertThat(InstantRange.EVENT.check("$.activity.lastStopOutAt", Instant.parse("2200-01-01T00:00:00Z"),
                errors)).isNotNull();
        assertThat(errors).isEmpty();

        assertThat(InstantRange.EVENT.parse("$.activateAt", "+1000000000-12-31T23:59:59Z", errors)).isNull();
        assertThat(InstantRange.EVENT.parse("$.activateAt", "0001-01-01T00:00:00Z", errors)).isNull();
        assertThat(InstantRange.EVENT.check("$.activity.lastStopOutAt", Instant.parse("1999-12-31T23:59:59Z"),
                errors)).isNull();
        assertThat(errors).extracting(FieldError::field)
                .containsExactly("$.activateAt", "$.activateAt", "$.activity.lastStopOutAt");
        assertThat(errors).extracting(FieldError::reason).containsOnly(
                "must be an ISO-8601 instant between 2000-01-01T00:00:00Z and 2200-01-01T00:00:00Z");
    }

    @Test
    void aTimeInARequestIsIsoTextOrWholeEpochMillisecondsNeverADecimalOfUnknownUnit() throws Exception {
        String at = "\"lastStopOutAt\": \"2026-11-24T00:00:00Z\"";
        String withActivity = ParsedExamples.example("step1").replaceFirst("\\{",
                "{\"activity\": {" + at + "},");
        assertThat(RequestParser.parse(withActivity).activity().lastStopOutAt())
                .isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(RequestParser.parse(withActivity.replace("\"2026-11-24T00:00:00Z\"", "1795478400000"))
                .activity().lastStopOutAt()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));

        for (String decimal : List.of("1795478400000.0", "1795478400.5", "1.795478E12", "\"1795478400.5\"",
                "\"1795478400000.0\"")) {
            InvalidRequestException refused = ParsedExamples.refused(
                    withActivity.replace("\"2026-11-24T00:00:00Z\"", decimal));
            assertThat(refused).as(decimal).isNotNull();
            assertThat(refused.errors()).as(decimal).extracting(FieldError::field, FieldError::reason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("$.activity.lastStopOutAt",
                            "must be a time: ISO-8601 text or epoch milliseconds"));
        }
    }
}

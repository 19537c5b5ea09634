package io.positionpolicy.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.evaluation.ScenarioRunnerTest;
import io.positionpolicy.rules.StandardRuleSet;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Accepting a candidate's results keeps a fired rule's message check, with the candidate's message. */
class ExpectationRewriterTest {
    private static final String FILE = ScenarioRunnerTest.DEFAULTS + """
            scenarios:
              - note: an old message, and a rule that no longer fires
                expect:
                  verdict: APPROVE
                  fired: [{rule: "Entry passed every check: place the order", message: "at 69500.0,"},
                          "Open without a quantity: size it to the initial risk", "No such rule"]
            """;

    @Test
    void aFiredRulesMessageCheckIsRewrittenToTheCandidatesMessage() throws IOException {
        String accepted = ExpectationRewriter.accept("test.yaml", FILE, StandardRuleSet.get());

        assertThat(accepted).contains("""
                      fired: [{rule: "Entry passed every check: place the order", message: "OPEN 25 contracts at \
                69500.00, stop 68500.00, leverage 5x: open risk after 25.00"}, "Open without a quantity: size it to the \
                initial risk"]
                """);
        assertThat(accepted).contains("verdict: APPROVE").doesNotContain("No such rule");
    }
}

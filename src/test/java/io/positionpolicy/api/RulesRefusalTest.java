package io.positionpolicy.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.rules.RuleProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detail of a rules-invalid refusal says in a few words what stands in the way, by kind of problem. */
class RulesRefusalTest {

    @Test
    void oneKindIsNamedWithItsCount() {
        assertThat(RulesRefusal.summary(List.of(compile(3), compile(7)))).isEqualTo("does not compile: 2 errors");
        assertThat(RulesRefusal.summary(List.of(compile(3)))).isEqualTo("does not compile: 1 error");
        assertThat(RulesRefusal.summary(List.of(scenario()))).isEqualTo("fails 1 scenario");
        assertThat(RulesRefusal.summary(List.of(new RuleProblem("safety", "entry/Stops.drl", 4, "calls exit"))))
                .isEqualTo("is refused by the safety check: 1 problem");
        assertThat(RulesRefusal.summary(List.of(new RuleProblem(RuleProblem.LIMIT, "tests/a.yaml", 0, "5s"))))
                .isEqualTo("overruns its budget in 1 scenario run");
    }

    @Test
    void aSaveSaysWhetherTheFileWasWritten() {
        assertThat(RulesRefusal.saveDetail("entry/Stops.drl", false, List.of(compile(3))))
                .isEqualTo("The edit of entry/Stops.drl does not compile: 1 error; nothing was written");
        // checked, written, and then the reload was rejected (a scenario over its budget under load, say)
        assertThat(RulesRefusal.saveDetail("entry/Stops.drl", true, List.of(scenario())))
                .isEqualTo("The edit of entry/Stops.drl was written, but the rule set with it fails 1 scenario; "
                        + "the active version keeps serving");
    }

    @Test
    void severalKindsAreCountedTogether() {
        assertThat(RulesRefusal.summary(List.of(compile(3), scenario(), compile(9))))
                .isEqualTo("is not usable: 3 problems (2 compile, 1 scenario)");
    }

    @Test
    void eachProblemIsAnErrorNamingItsFileAndLine() {
        assertThat(RulesRefusal.errors(List.of(compile(3), new RuleProblem("read", "rules", 0, "unreadable"))))
                .extracting(e -> e.field() + " | " + e.reason())
                .containsExactly("entry/Stops.drl:3 | compile: bad", "rules | read: unreadable");
    }

    private static RuleProblem compile(int line) {
        return new RuleProblem("entry/Stops.drl", line, "bad");
    }

    private static RuleProblem scenario() {
        return new RuleProblem(RuleProblem.SCENARIO, "tests/worked-example.yaml", 31, "scenario 2 fails");
    }
}

package io.positionpolicy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.positionpolicy.TestRequests;
import io.positionpolicy.model.Decision;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.StandardRuleSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule code that overflows the stack, runs out of memory or keeps inserting facts for some inputs only (compiled
 * here without the safety check, as if it had slipped past it): each such evaluation becomes a problem naming the
 * rule and its file, it is journaled, and the next evaluation on the same rule set is answered as usual.
 */
class RuleCodeFailuresTest {
    private static final String HOSTILE = """
            package hostile;
            import io.positionpolicy.model.facts.*;
            function int deeper(int n) {
                return deeper(n + 1) + 1;
            }
            rule "Recurses for 7777"
            when
                Account( equity == 7777 )
            then
                deeper(0);
            end
            rule "Allocates for 8888"
            when
                Account( equity == 8888 )
            then
                long[] a = new long[Integer.MAX_VALUE - 8];
                insert( new Note("" + a.length) );
            end
            rule "Starts a chain for 9999"
            when
                Account( equity == 9999 )
            then
                insert( new Note("x") );
            end
            rule "Grows every note"
            when
                $n : Note( message != null, message.startsWith("x") )
            then
                insert( new Note($n.message() + "x") );
            end
            """;
    private static RuleSet ruleSet;

    @BeforeAll
    static void compile() {
        SortedMap<String, String> files = new TreeMap<>(StandardRuleSet.get().files());
        files.put("hostile/Hostile.drl", HOSTILE);
        ruleSet = new RuleCompiler(RuleCodeFailuresTest.class.getClassLoader()).compile(files);
    }

    @AfterEach
    void restoreLimits() {
        EvaluationLimits.configure(EvaluationLimits.DEFAULT);
    }

    @Test
    void aStackOverflowNamesTheRuleAndFile() {
        assertThatThrownBy(() -> Evaluator.evaluate(ruleSet, request(7777)))
                .isInstanceOfSatisfying(RuleEngineException.class, e -> {
                    assertThat(e.rule()).isEqualTo("Recurses for 7777");
                    assertThat(e.file()).isEqualTo("hostile/Hostile.drl");
                    assertThat(e.getMessage()).contains("StackOverflowError").contains("hostile/Hostile.drl");
                    assertThat(e.overBudget()).isFalse();
                });
        assertStillAnswers();
    }

    @Test
    void anOutOfMemoryErrorNamesTheRuleAndFile() {
        assertThatThrownBy(() -> Evaluator.evaluate(ruleSet, request(8888)))
                .isInstanceOfSatisfying(RuleEngineException.class, e -> {
                    assertThat(e.rule()).isEqualTo("Allocates for 8888");
                    assertThat(e.getMessage()).contains("OutOfMemoryError").contains("hostile/Hostile.drl");
                });
        assertStillAnswers();
    }

    @Test
    void anEndlessInsertChainIsHaltedAtTheTimeBudget() {
        EvaluationLimits.configure(new EvaluationLimits(Duration.ofMillis(200), Integer.MAX_VALUE));

        assertThatThrownBy(() -> Evaluator.evaluate(ruleSet, request(9999)))
                .isInstanceOfSatisfying(RuleEngineException.class, e -> {
                    assertThat(e.overBudget()).isTrue();
                    assertThat(e.rule()).isEqualTo("Grows every note");
                    assertThat(e.file()).isEqualTo("hostile/Hostile.drl");
                    assertThat(e.getMessage()).contains("time budget of 200 ms");
                });
        assertStillAnswers();
    }

    @Test
    void anEndlessInsertChainIsHaltedAtTheFiringLimit() {
        EvaluationLimits.configure(new EvaluationLimits(Duration.ofHours(1), 500));

        assertThatThrownBy(() -> Evaluator.evaluate(ruleSet, request(9999)))
                .isInstanceOfSatisfying(RuleEngineException.class, e -> {
                    assertThat(e.overBudget()).isTrue();
                    assertThat(e.getMessage()).contains("did not settle after 500 rule firings")
                            .contains("Grows every note");
                });
    }

    @Test
    void theServiceJournalsAnOverrunAnswersA422AndCountsIt() {
        EvaluationLimits.configure(new EvaluationLimits(Duration.ofMillis(200), Integer.MAX_VALUE));
        RuleSetHolder holder = new RuleSetHolder();
        holder.activate(ruleSet);
        List<EvaluationRecord> journaled = new ArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EvaluationService service = new EvaluationService(holder, record -> {
            journaled.add(record);
            return CompletableFuture.completedFuture(null);
        }, AuditedAnswerTest.config(Duration.ofSeconds(5)), meters);

        assertThatThrownBy(() -> service.evaluate(body(9999), "alice"))
                .isInstanceOfSatisfying(EvaluationFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(new String(e.problemJson(), StandardCharsets.UTF_8))
                            .contains("urn:position-policy:problem:evaluation-over-budget")
                            .contains("Grows every note").contains("hostile/Hostile.drl");
                });
        assertThat(journaled).hasSize(1);
        assertThat(journaled.get(0).responseJson()).contains("evaluation-over-budget");
        assertThat(meters.get("policy.evaluation.failures").tag("reason", "over-budget")
                .tag("rule", "Grows every note").counter().count()).isEqualTo(1.0);

        assertThat(new String(service.evaluate(body(10000), "alice"), StandardCharsets.UTF_8))
                .contains("\"verdict\":\"APPROVE\"");
    }

    private static void assertStillAnswers() {
        Decision decision = Evaluator.evaluate(ruleSet, request(10000));
        assertThat(decision.verdict().name()).isEqualTo("APPROVE");
    }

    private static byte[] body(int equity) {
        return TestRequests.openAsking(5).replace("\"equity\": 10000", "\"equity\": " + equity)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static io.positionpolicy.model.EvaluationRequest request(int equity) {
        return RequestParser.parse(body(equity));
    }
}

package io.positionpolicy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.model.ControlScope;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.TradingStatus;
import io.positionpolicy.model.facts.TradingState;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.StandardRuleSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replaying a recorded decision on the rules it was made with changes nothing: it is decided again at its own time and
 * under the trading states it met. Until 2026-11-29 a replay decided at the time of the replay and under no state, so
 * an impact report counted a decision refused by a halt, or by a cooldown since run out, as changed by the rules.
 */
class ReplayTest {
    private static final RuleSet RULES = StandardRuleSet.get();

    @Test
    void aDecisionRefusedByAHaltIsUnchangedOnTheSameRules() throws Exception {
        String request = Files.readString(Path.of("examples/worked-example-step1.json"));
        Instant at = Instant.parse("2026-11-25T12:00:00Z");
        TradingState halt = new TradingState(ControlScope.GLOBAL, null, null, TradingStatus.HALTED, "exchange incident",
                "risk", at.minusSeconds(60));
        Decision recorded = Evaluator.evaluate(RULES, RequestParser.parse(request.getBytes(StandardCharsets.UTF_8)),
                EvaluationIds.next(), at, (account, symbol) -> List.of(halt));
        assertThat(recorded.violations()).extracting(Decision.Violation::code).containsExactly("TRADING_HALTED");

        Replay.Comparison replay = Replay.compare(RULES, request, json(recorded));

        assertThat(replay.changes()).isEmpty();
        assertThat(replay.after().violations()).containsExactly("TRADING_HALTED");
    }

    @Test
    void aCooldownIsCountedFromTheDecisionsOwnTime() throws Exception {
        String stoppedOut = "2026-11-25T11:40:00Z"; // 20 minutes before the decision: in the cooldown then, not now
        String request = Files.readString(Path.of("examples/worked-example-step1.json")).replaceFirst("\\{",
                "{\"activity\": {\"realizedPnlToday\": 0, \"startOfDayEquity\": 5000, \"entriesToday\": 0,"
                        + " \"lastStopOutAt\": \"" + stoppedOut + "\"},");
        Decision recorded = Evaluator.evaluate(RULES, RequestParser.parse(request.getBytes(StandardCharsets.UTF_8)),
                EvaluationIds.next(), Instant.parse("2026-11-25T12:00:00Z"));
        assertThat(recorded.verdict().name()).isEqualTo("REJECT");

        Replay.Comparison replay = Replay.compare(RULES, request, json(recorded));

        assertThat(replay.changes()).isEmpty();
        assertThat(replay.after().verdict()).isEqualTo("REJECT");
    }

    private static String json(Decision decision) {
        return new String(ResponseJson.write(decision), StandardCharsets.UTF_8);
    }
}

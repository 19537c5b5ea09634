package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.model.ControlScope;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.TradingStatus;
import io.positionpolicy.model.Verdict;
import io.positionpolicy.model.facts.TradingState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The note a REVIEW gets under a trading state tells the truth about the exits it proposes. Until 2026-12-07 a review
 * under HALTED said "the review's reductions and stop moves stand" next to a CLOSE for its hit stop, while the CLOSE sent
 * next was rejected with TRADING_HALTED ("no CLOSE may go through").
 */
class TradingStateNotesTest {
    private static final String REQUEST = """
            {"account": {"id": "acc-h", "equity": 10000, "tier": "STANDARD", "openRiskOtherPositions": 0},
             "instrument": {"symbol": "BTCUSDT", "contractSize": 0.001, "qtyStep": 1, "minQty": 1, "tickSize": 0.1,
                            "minNotional": 5, "maxLeverage": 125,
                            "maintenanceTiers": [{"notionalFloor": 0, "rate": 0.004, "amount": 0}]},
             "position": {"id": "pos-h", "side": "LONG", "quantity": 50, "averageEntryPrice": 50000,
                          "stopPrice": 49000, "leverage": 5},
             "market": {"lastPrice": 48900, "atr": 1000},
             "intent": {"type": "%s"}}""";

    private static Decision decide(String type, TradingStatus status) {
        TradingState state = new TradingState(ControlScope.GLOBAL, null, null, status, "kill switch", "risk",
                Instant.parse("2026-12-07T00:00:00Z"));
        return Evaluator.evaluate(StandardRuleSet.get(),
                RequestParser.parse(REQUEST.formatted(type).getBytes(StandardCharsets.UTF_8)), UUID.randomUUID(),
                Instant.parse("2026-12-07T12:00:00Z"), (account, symbol) -> List.of(state));
    }

    @Test
    void underAHaltTheReviewDoesNotPromiseItsCloseGoesThrough() {
        Decision review = decide("REVIEW", TradingStatus.HALTED);
        Decision close = decide("CLOSE", TradingStatus.HALTED);

        assertThat(review.verdict()).isEqualTo(Verdict.ACT);
        assertThat(review.actions()).singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo("STOP_HIT"));
        assertThat(close.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(review.notes()).singleElement().satisfies(note -> {
            assertThat(note.code()).isEqualTo("TRADING_HALTED");
            assertThat(note.message()).doesNotContain("stand")
                    .contains("no REDUCE or CLOSE goes through while it lasts");
        });
    }

    @Test
    void whileReducingTheReviewsExitsStand() {
        Decision review = decide("REVIEW", TradingStatus.REDUCING);
        Decision close = decide("CLOSE", TradingStatus.REDUCING);

        assertThat(review.verdict()).isEqualTo(Verdict.ACT);
        assertThat(close.verdict()).isEqualTo(Verdict.APPROVE);
        assertThat(review.notes()).singleElement().satisfies(note -> {
            assertThat(note.code()).isEqualTo("TRADING_REDUCING");
            assertThat(note.message()).contains("the review's reductions and stop moves stand");
        });
    }
}

package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.model.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trailing stop's messages show the arithmetic the way it goes for the side: behind the best price is below it for
 * a long ({@code -}) and above it for a short ({@code +}). Until 2026-11-29 a short's message read "45800.00 - 1.5 x
 * ATR 1000.00 = 47300.00".
 */
class TrailingStopMessagesTest {
    private static final String REQUEST = """
            {"account": {"id": "acc-5", "equity": 10000, "tier": "STANDARD", "openRiskOtherPositions": 0},
             "instrument": {"symbol": "BTCUSDT", "contractSize": 0.001, "qtyStep": 1, "minQty": 1, "tickSize": 0.1,
                            "minNotional": 5, "maxLeverage": 125,
                            "maintenanceTiers": [{"notionalFloor": 0, "rate": 0.004, "amount": 0}]},
             "position": {"id": "pos-5", "side": "%s", "quantity": 25, "averageEntryPrice": 50000, "peakQuantity": 50,
                          "firstEntryPrice": 50000, "initialStopPrice": %s, "stopPrice": %s, "leverage": 5,
                          "entryAtr": 1000, "highestPrice": %s, "lowestPrice": %s, "tiersTaken": 1},
             "market": {"lastPrice": %s, "atr": 1000},
             "intent": {"type": "REVIEW"}}""";

    @ParameterizedTest
    @CsvSource({
        "LONG, 49000, 50500, 54000, 49800, 53500, Best price 54000.00 - 1.5 x ATR 1000.00 = 52500.00",
        "SHORT, 51000, 49500, 50200, 45800, 46000, Best price 45800.00 + 1.5 x ATR 1000.00 = 47300.00",
        "LONG, 49000, 50500, 54000, 49800, 52400, (best price 54000.00 - 1.5 x ATR 1000.00)",
        "SHORT, 51000, 49500, 50200, 45800, 47400, (best price 45800.00 + 1.5 x ATR 1000.00)",
        "LONG, 49000, null, 54000, 49800, 53500, = 52500.00, the position had no stop"})
    void theSignFollowsTheSide(String side, String initialStop, String stop, String highest, String lowest,
            String last, String expected) throws Exception {
        String json = REQUEST.formatted(side, initialStop, stop, highest, lowest, last);
        assertThat(json).doesNotContain("NaN");
        Decision decision = Evaluator.evaluate(StandardRuleSet.policyOnly(),
                RequestParser.parse(json.getBytes(StandardCharsets.UTF_8)), UUID.randomUUID(), Instant.now());
        assertThat(decision.firedRules()).anySatisfy(rule -> assertThat(rule.message()).contains(expected));
        assertThat(decision.firedRules()).allSatisfy(rule -> assertThat(String.valueOf(rule.message()))
                .doesNotContain("NaN"));
    }
}

package io.positionpolicy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.positionpolicy.model.Decision;
import io.positionpolicy.rules.StandardRuleSet;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The metrics a trading system reads are the policy's figures, rounded for display without losing them. Until
 * 2026-12-07 the liquidation price was rounded to cents whatever the instrument, so a 1000PEPEUSDT position at 0.0123456
 * showed 0.01 for a long (really 0.00997648) and for a short (really 0.01466804, above the entry); an OPEN's average
 * entry came back as 3456.7799999999997 for a price of 3456.78; and money beyond 9.2e16 stopped at Long.MAX_VALUE
 * cents.
 */
class DisplayedMetricsTest {
    private static final String REQUEST = """
            {"account": {"id": "acc-m", "equity": %s, "tier": "STANDARD", "openRiskOtherPositions": 0},
             "instrument": {"symbol": "%s", "contractSize": %s, "qtyStep": %s, "minQty": %s, "tickSize": %s,
                            "minNotional": 5, "maxLeverage": 50,
                            "maintenanceTiers": [{"notionalFloor": 0, "rate": 0.01, "amount": 0}]},
             %s
             "market": {"lastPrice": %s, "atr": %s},
             "activity": {"realizedPnlToday": 0, "startOfDayEquity": %s, "entriesToday": 0,
                          "lastStopOutAt": "2020-01-01T00:00:00Z"},
             "intent": %s}""";

    private static Decision evaluate(String equity, String symbol, String contractSize, String step, String tick,
            String position, String lastPrice, String atr, String intent) {
        String json = REQUEST.formatted(equity, symbol, contractSize, step, step, tick, position, lastPrice, atr, equity,
                intent);
        return Evaluator.evaluate(StandardRuleSet.get(), RequestParser.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLiquidationPriceBelowACentKeepsTheTicksDecimals() {
        // long: (0.0123456 - 0.0123456 / 5) / (1 - 0.01) = 0.009976242..., short: (0.0123456 * 1.2) / 1.01 = 0.014668039...
        Decision longOpen = evaluate("10000", "1000PEPEUSDT", "1", "1", "0.0000001", "", "0.0123456", "0.0003",
                """
                {"type": "OPEN", "side": "LONG", "price": 0.0123456, "stopPrice": 0.0119, "leverage": 5}""");
        Decision shortOpen = evaluate("10000", "1000PEPEUSDT", "1", "1", "0.0000001", "", "0.0123456", "0.0003",
                """
                {"type": "OPEN", "side": "SHORT", "price": 0.0123456, "stopPrice": 0.0128, "leverage": 5}""");

        assertThat(longOpen.actions()).singleElement().satisfies(a -> assertThat(a.leverage()).isEqualTo(5));
        assertThat(longOpen.metrics().liquidationPrice()).isEqualTo(0.0099762);
        assertThat(shortOpen.actions()).singleElement().satisfies(a -> assertThat(a.leverage()).isEqualTo(5));
        assertThat(shortOpen.metrics().liquidationPrice()).isEqualTo(0.014668);
    }

    @Test
    void aReviewOfASubCentPositionShowsItsLiquidationPriceToo() {
        Decision review = evaluate("10000", "1000PEPEUSDT", "1", "1", "0.0000001", """
                "position": {"id": "pos-m", "side": "SHORT", "quantity": 100000, "averageEntryPrice": 0.0123456,
                             "stopPrice": 0.0128, "leverage": 5},""", "0.0123", "0.0003", """
                {"type": "REVIEW"}""");

        assertThat(review.metrics().liquidationPrice()).isEqualTo(0.014668);
    }

    @Test
    void anInstrumentWithACoarseTickStillShowsCents() {
        // the worked example's step 1: (69,500 - 13,900) / 0.99 = 56,161.6161...
        Decision open = evaluate("5000", "BTCUSDT", "0.001", "1", "0.1", "", "69500", "1500", """
                {"type": "OPEN", "side": "LONG", "price": 69500, "stopPrice": 68500, "leverage": 5}""");

        assertThat(open.metrics().liquidationPrice()).isEqualTo(56161.62);
    }

    @Test
    void anOpensAverageEntryIsItsPrice() {
        Decision open = evaluate("20000", "ETHUSDT", "1", "0.001", "0.01", "", "3456.78", "60", """
                {"type": "OPEN", "side": "LONG", "price": 3456.78, "stopPrice": 3401.24, "leverage": 10,
                 "quantity": 1.234}""");

        assertThat(open.actions()).singleElement().satisfies(a -> assertThat(a.quantity()).isEqualTo(1.234));
        assertThat(open.metrics().averageEntryPriceAfter()).isEqualTo(3456.78);
    }

    @Test
    void moneyBeyondALongOfCentsIsShownAsItIs() {
        // 1e12 contracts of 1 unit at 1,000,000: notional 1e18, risk at the stop 1e17, 1e7 % of the equity 1e12
        Decision review = evaluate("1000000000000", "BTCUSDT", "1", "1", "0.1", """
                "position": {"id": "pos-m", "side": "LONG", "quantity": 1000000000000, "averageEntryPrice": 1000000,
                             "stopPrice": 900000, "leverage": 5},""", "1000000", "1500", """
                {"type": "REVIEW"}""");

        assertThat(review.metrics().notionalAfter()).isCloseTo(1e18, within(1e3));
        assertThat(review.metrics().openRiskBefore()).isCloseTo(1e17, within(1e2));
        assertThat(review.metrics().openRiskAfter()).isCloseTo(1e17, within(1e2));
        assertThat(review.metrics().openRiskPctAfter()).isCloseTo(1e7, within(1e-6));
    }
}

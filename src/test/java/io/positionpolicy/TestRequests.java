package io.positionpolicy;

/** Requests shared by tests that watch the 1 % rule change a decision. */
public final class TestRequests {
    private TestRequests() {
    }

    /**
     * A long OPEN of {@code quantity} contracts at 50,000 with the stop 1,000 below, on a 10,000 USDT STANDARD
     * account: each contract risks 1 USDT, so the quantity approved is min(asked, riskPct x 10,000).
     */
    public static String openAsking(int quantity) {
        return """
                {"account": {"id": "a", "equity": 10000, "tier": "STANDARD"},
                 "instrument": {"symbol": "BTCUSDT", "contractSize": 0.001, "qtyStep": 1, "minQty": 1,
                                "tickSize": 0.1, "minNotional": 5, "maxLeverage": 125,
                                "maintenanceTiers": [{"notionalFloor": 0, "rate": 0.004, "amount": 0}]},
                 "market": {"lastPrice": 50000, "atr": 1000},
                 "intent": {"type": "OPEN", "side": "LONG", "price": 50000, "quantity": %d, "stopPrice": 49000,
                            "leverage": 5}}
                """.formatted(quantity);
    }
}

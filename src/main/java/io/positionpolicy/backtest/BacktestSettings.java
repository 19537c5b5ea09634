package io.positionpolicy.backtest;

import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.Tier;
import java.util.List;

/**
 * What a backtest replays and how. The entry signal is an N-bar breakout: a close above the highest high of the
 * previous {@code breakoutBars} candles proposes a long (below the lowest low, a short), with the stop
 * {@code stopAtr} ATRs from the entry; a new breakout in the direction of an open position proposes an add, with the
 * stop raised to the same distance if that is tighter. Orders are decided and filled at the next candle's open.
 */
public record BacktestSettings(
        String symbol,
        double initialEquity,
        Tier tier,
        int breakoutBars,
        double stopAtr,
        double takerFee,
        double fundingRatePer8h,
        double baselineRiskPct,
        double baselineTargetR,
        long maxGapToCarryMillis,
        EvaluationRequest.Instrument instrument) {

    /** BTCUSDT perpetual-like contract: 0.001 BTC per contract, Binance-like maintenance tiers. */
    public static EvaluationRequest.Instrument btcInstrument(String symbol) {
        return new EvaluationRequest.Instrument(symbol, 0.001, 1.0, 1.0, 0.1, 5.0, 125, List.of(
                new EvaluationRequest.MaintenanceTier(0.0, 0.004, 0.0),
                new EvaluationRequest.MaintenanceTier(50_000.0, 0.005, 50.0),
                new EvaluationRequest.MaintenanceTier(250_000.0, 0.01, 1_300.0),
                new EvaluationRequest.MaintenanceTier(1_000_000.0, 0.025, 16_300.0)));
    }

    /**
     * Defaults: 10,000 USDT STANDARD account, 20-bar breakout, stop 2 ATR, taker fee 0.05 %, funding 0.01 % per 8 h
     * (longs pay, shorts receive), baseline risking 1 % with a 3R target, positions flattened before a gap of more
     * than a day.
     */
    public static BacktestSettings defaults() {
        return new BacktestSettings("BTCUSDT", 10_000, Tier.STANDARD, 20, 2.0, 0.0005, 0.0001, 0.01, 3.0,
                86_400_000L, btcInstrument("BTCUSDT"));
    }
}

package io.positionpolicy.backtest;

import java.time.Instant;
import java.util.List;

/**
 * Headline figures of one book. Returns are fractions (0.12 = 12 %); Sharpe and Sortino are annualised from daily
 * returns (√365, crypto trades every day), null when undefined (daily returns all alike; no losing day); profit
 * factor = gross wins / gross losses of closed trades, net of costs (null without a loss); exposure = share of candles
 * with a position open.
 */
@org.eclipse.microprofile.openapi.annotations.media.Schema(name = "BacktestMetrics")
public record Metrics(
        double initialEquity,
        double finalEquity,
        double totalReturn,
        double cagr,
        double maxDrawdown,
        Instant maxDrawdownPeakAt,
        Instant maxDrawdownTroughAt,
        Double sharpe,
        Double sortino,
        Double profitFactor,
        double winRate,
        double averageR,
        double exposure,
        double feesPaid,
        double fundingPaid,
        int trades,
        List<EquityTracker.Point> equityCurve) {

    static Metrics of(double initial, double last, double totalReturn, double cagr, double maxDrawdown, long peakAt,
            long troughAt, Double sharpe, Double sortino, List<Trade> trades, long exposed, long candles, double fees,
            double funding, List<EquityTracker.Point> curve) {
        double wins = 0;
        double losses = 0;
        int winners = 0;
        double rSum = 0;
        for (Trade t : trades) {
            if (t.netPnl() > 0) {
                wins += t.netPnl();
                winners++;
            } else {
                losses -= t.netPnl();
            }
            rSum += t.rMultiple();
        }
        int n = trades.size();
        return new Metrics(initial, last, totalReturn, cagr, maxDrawdown,
                maxDrawdown > 0 ? Instant.ofEpochMilli(peakAt) : null,
                maxDrawdown > 0 ? Instant.ofEpochMilli(troughAt) : null, sharpe, sortino,
                losses > 0 ? Double.valueOf(wins / losses) : null, n > 0 ? (double) winners / n : 0,
                n > 0 ? rSum / n : 0, candles > 0 ? (double) exposed / candles : 0, fees, funding, n, curve);
    }
}

package io.positionpolicy.backtest;

import java.util.ArrayList;
import java.util.List;

/**
 * Follows one book's equity candle by candle in constant memory: drawdown, daily returns for Sharpe and Sortino, and
 * a curve thinned to at most {@link #MAX_POINTS} points (the newest point of each stretch, peaks kept by the
 * drawdown figures).
 */
public final class EquityTracker {
    static final int MAX_POINTS = 2_000;
    private static final long DAY = 86_400_000L;

    /** A point of the curve: time, equity, and the running peak it is measured against. */
    public record Point(long time, double equity, double peak) {
    }

    private final double initial;
    private final List<Point> points = new ArrayList<>();
    private int stride = 1;
    private long seen;
    private double peak;
    private long peakAt;
    private double maxDrawdown;
    private long maxDrawdownPeakAt;
    private long maxDrawdownTroughAt;
    private long day = Long.MIN_VALUE;
    private double dayStartEquity;
    private double lastEquity;
    private long lastTime;
    private long firstTime = Long.MIN_VALUE;
    private int days;
    private double sumReturns;
    private double sumSquares;
    private double sumDownsideSquares;

    EquityTracker(double initial) {
        this.initial = initial;
        this.peak = initial;
        this.dayStartEquity = initial;
        this.lastEquity = initial;
    }

    void mark(long time, double equity) {
        if (firstTime == Long.MIN_VALUE) {
            firstTime = time;
            peakAt = time;
        }
        long today = Math.floorDiv(time, DAY);
        if (day != Long.MIN_VALUE && today != day) {
            closeDay();
        }
        day = today;
        if (equity > peak) {
            peak = equity;
            peakAt = time;
        }
        double drawdown = peak > 0 ? (peak - equity) / peak : 0;
        if (drawdown > maxDrawdown) {
            maxDrawdown = drawdown;
            maxDrawdownPeakAt = peakAt;
            maxDrawdownTroughAt = time;
        }
        if (seen++ % stride == 0) {
            points.add(new Point(time, equity, peak));
            if (points.size() >= MAX_POINTS) {
                List<Point> thinned = new ArrayList<>(MAX_POINTS / 2 + 1);
                for (int i = 0; i < points.size(); i += 2) {
                    thinned.add(points.get(i));
                }
                points.clear();
                points.addAll(thinned);
                stride *= 2;
            }
        }
        lastEquity = equity;
        lastTime = time;
    }

    private void closeDay() {
        double r = dayStartEquity > 0 ? lastEquity / dayStartEquity - 1 : 0;
        days++;
        sumReturns += r;
        sumSquares += r * r;
        if (r < 0) {
            sumDownsideSquares += r * r;
        }
        dayStartEquity = lastEquity;
    }

    Metrics metrics(List<Trade> trades, long exposedCandles, long candles, double fees, double funding) {
        if (day != Long.MIN_VALUE) {
            closeDay();
            day = Long.MIN_VALUE;
        }
        List<Point> curve = new ArrayList<>(points);
        if (curve.isEmpty() || curve.get(curve.size() - 1).time() != lastTime) {
            curve.add(new Point(lastTime, lastEquity, peak));
        }
        double years = (lastTime - firstTime) / (365.25 * DAY);
        double totalReturn = lastEquity / initial - 1;
        double cagr = years > 0 && lastEquity > 0 ? Math.pow(lastEquity / initial, 1 / years) - 1 : 0;
        double mean = days > 0 ? sumReturns / days : 0;
        double variance = days > 1 ? (sumSquares - days * mean * mean) / (days - 1) : 0;
        double downside = days > 0 ? Math.sqrt(sumDownsideSquares / days) : 0;
        // undefined (null) without a spread of daily returns, or without a losing day: 0 would read as the worst
        Double sharpe = variance > 0 ? mean / Math.sqrt(variance) * Math.sqrt(365) : null;
        Double sortino = downside > 0 ? mean / downside * Math.sqrt(365) : null;
        return Metrics.of(initial, lastEquity, totalReturn, cagr, maxDrawdown, maxDrawdownPeakAt, maxDrawdownTroughAt,
                sharpe, sortino, trades, exposedCandles, candles, fees, funding, curve);
    }
}

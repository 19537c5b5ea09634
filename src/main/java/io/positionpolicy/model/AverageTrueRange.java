package io.positionpolicy.model;

/**
 * ATR with Wilder smoothing and TA-Lib's seeding, fed one candle at a time: the first candle has no true range, the
 * first ATR is the mean of the true ranges of candles 1..period, then {@code ATR = (prev × (period − 1) + TR) / period}.
 */
public final class AverageTrueRange {
    private final int period;
    private int seen;
    private double previousClose = Double.NaN;
    private double seedSum;
    private double value = Double.NaN;

    public AverageTrueRange(int period) {
        if (period < 1) {
            throw new IllegalArgumentException("period must be at least 1");
        }
        this.period = period;
    }

    /** Feeds the next candle; returns the ATR after it, or NaN until {@code period + 1} candles have been seen. */
    public double update(double high, double low, double close) {
        if (seen > 0) {
            double trueRange = Math.max(high - low,
                    Math.max(Math.abs(high - previousClose), Math.abs(low - previousClose)));
            if (seen <= period) {
                seedSum += trueRange;
                if (seen == period) {
                    value = seedSum / period;
                }
            } else {
                value = (value * (period - 1) + trueRange) / period;
            }
        }
        previousClose = close;
        seen++;
        return value;
    }

    public double value() {
        return value;
    }

    /** Candles needed before the first value. */
    public int warmUp() {
        return period + 1;
    }
}

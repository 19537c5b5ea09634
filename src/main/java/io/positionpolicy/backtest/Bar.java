package io.positionpolicy.backtest;

/** One OHLCV candle; {@code time} is its open time in epoch milliseconds (UTC). */
public record Bar(long time, double open, double high, double low, double close, double volume) {
}

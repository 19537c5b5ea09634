package io.positionpolicy.model.facts;

/** Market data at decision time. {@code atr} is the request's, or ATR(14) computed from its candles. */
public final class Market {
    private final double lastPrice;
    private final double markPrice;
    private final double atr;

    public Market(double lastPrice, double markPrice, double atr) {
        this.lastPrice = lastPrice;
        this.markPrice = markPrice;
        this.atr = atr;
    }

    public double getLastPrice() {
        return lastPrice;
    }

    public double getMarkPrice() {
        return markPrice;
    }

    /** How far {@code price} lies from the mark price, as a share of the mark (0.05 is 5 %). */
    public double deviationFromMark(double price) {
        return Math.abs(price - markPrice) / markPrice;
    }

    /** NaN when neither an ATR nor enough candles were given (only allowed where no rule needs it). */
    public double getAtr() {
        return atr;
    }

    public boolean hasAtr() {
        return !Double.isNaN(atr);
    }
}

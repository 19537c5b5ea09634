package io.positionpolicy.model.facts;

import io.positionpolicy.model.Side;

/**
 * The open position before the intent. Optional request fields arrive here with their defaults applied: peak =
 * quantity, first entry = average entry, initial stop = stop, entry ATR = current ATR, highest/lowest = average entry.
 * An absent stop is NaN.
 */
public final class Position {
    private final String id;
    private final Side side;
    private final double quantity;
    private final double averageEntryPrice;
    private final double peakQuantity;
    private final int addsCount;
    private final double firstEntryPrice;
    private final double initialStopPrice;
    private final double stopPrice;
    private final int leverage;
    private final double entryAtr;
    private final double highestPrice;
    private final double lowestPrice;
    private final int tiersTaken;
    private final boolean ownTakeProfits;

    public Position(String id, Side side, double quantity, double averageEntryPrice, double peakQuantity, int addsCount,
            double firstEntryPrice, double initialStopPrice, double stopPrice, int leverage, double entryAtr,
            double highestPrice, double lowestPrice, int tiersTaken, boolean ownTakeProfits) {
        this.id = id;
        this.side = side;
        this.quantity = quantity;
        this.averageEntryPrice = averageEntryPrice;
        this.peakQuantity = peakQuantity;
        this.addsCount = addsCount;
        this.firstEntryPrice = firstEntryPrice;
        this.initialStopPrice = initialStopPrice;
        this.stopPrice = stopPrice;
        this.leverage = leverage;
        this.entryAtr = entryAtr;
        this.highestPrice = highestPrice;
        this.lowestPrice = lowestPrice;
        this.tiersTaken = tiersTaken;
        this.ownTakeProfits = ownTakeProfits;
    }

    /** What the position loses if its current stop is hit: {@code max(0, Q × s × (avgEntry − stop))}. */
    public double openRisk(double contractSize) {
        if (!hasStop()) {
            return Double.NaN;
        }
        return Math.max(0, quantity * contractSize * side.sign() * (averageEntryPrice - stopPrice));
    }

    /** {@code R}: the initial risk per unit, {@code |firstEntryPrice − initialStopPrice|}; NaN without a stop. */
    public double getInitialRiskPerUnit() {
        return Math.abs(firstEntryPrice - initialStopPrice);
    }

    /** True when {@code price} is beyond the average entry in the position's favour. */
    public boolean isInProfitAt(double price) {
        return side.sign() * (price - averageEntryPrice) > 0;
    }

    public boolean hasStop() {
        return !Double.isNaN(stopPrice);
    }

    public String getId() {
        return id;
    }

    public Side getSide() {
        return side;
    }

    public double getQuantity() {
        return quantity;
    }

    public double getAverageEntryPrice() {
        return averageEntryPrice;
    }

    public double getPeakQuantity() {
        return peakQuantity;
    }

    public int getAddsCount() {
        return addsCount;
    }

    public double getFirstEntryPrice() {
        return firstEntryPrice;
    }

    public double getInitialStopPrice() {
        return initialStopPrice;
    }

    public double getStopPrice() {
        return stopPrice;
    }

    public int getLeverage() {
        return leverage;
    }

    public double getEntryAtr() {
        return entryAtr;
    }

    public double getHighestPrice() {
        return highestPrice;
    }

    public double getLowestPrice() {
        return lowestPrice;
    }

    public int getTiersTaken() {
        return tiersTaken;
    }

    /** Whether the request gave a take-profit ladder (otherwise the policy's default ladder applies). */
    public boolean isOwnTakeProfits() {
        return ownTakeProfits;
    }
}

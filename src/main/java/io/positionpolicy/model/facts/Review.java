package io.positionpolicy.model.facts;

import io.positionpolicy.model.Side;

/**
 * A REVIEW in progress: the position as the management rules leave it (remaining quantity, tiers taken, stop). Changed
 * only by rule consequences through {@code modify}.
 */
public final class Review {
    private final Side side;
    private final double peakQuantity;
    private final double lastPrice;
    private final double favourableExtreme;
    private final Instrument instrument;

    private double quantity;
    private double stop;
    private int tiersTaken;
    private boolean closed;

    public Review(Side side, double quantity, double peakQuantity, double stop, int tiersTaken, double lastPrice,
            double favourableExtreme, Instrument instrument) {
        this.side = side;
        this.quantity = quantity;
        this.peakQuantity = peakQuantity;
        this.stop = stop;
        this.tiersTaken = tiersTaken;
        this.lastPrice = lastPrice;
        this.favourableExtreme = favourableExtreme;
        this.instrument = instrument;
    }

    // ---- state changes, called from rule consequences ----

    public void reduceBy(double contracts) {
        quantity = instrument.floorQuantity(quantity - contracts);
        tiersTaken++;
    }

    public void closeAll() {
        quantity = 0;
        closed = true;
    }

    public void closeOnTier() {
        closeAll();
        tiersTaken++;
    }

    public void moveStop(double newStop) {
        stop = newStop;
    }

    // ---- derived figures ----

    public boolean hasStop() {
        return !Double.isNaN(stop);
    }

    /** Long: last price at or below the stop; short: at or above. */
    public boolean isStopHit() {
        return hasStop() && side.sign() * (lastPrice - stop) <= 0;
    }

    /** Whether the last price has reached {@code target} in the position's favour. */
    public boolean hasReached(double target) {
        return side.sign() * (lastPrice - target) >= 0;
    }

    public int getNextTier() {
        return tiersTaken + 1;
    }

    /** {@code floor(share × peakQuantity)}, at least the smallest order and at most what is left. */
    public double tierQuantity(double share) {
        return Math.min(instrument.exitQuantity(share * peakQuantity), quantity);
    }

    /** Whether what would remain after reducing by {@code contracts} is below the exchange minimum. */
    public boolean wouldLeaveDust(double contracts) {
        double rest = quantity - contracts;
        return rest <= Instrument.EPSILON || instrument.isBelowMinimum(rest, lastPrice);
    }

    /** The trailing stop {@code distance} behind the best price, on the tick grid, rounded towards the price. */
    public double trailingStop(double distance) {
        return instrument.roundStopTowardsPrice(favourableExtreme - side.sign() * distance, side);
    }

    /**
     * The trailing stop {@code distance} behind the best price (on the tick grid, as it would be placed) is at or
     * beyond the last price: the price has already crossed it.
     */
    public boolean isTrailingStopCrossed(double distance) {
        return side.sign() * (lastPrice - trailingStop(distance)) <= 0;
    }

    /** True when {@code candidate} is tighter than the current stop and still on the losing side of the price. */
    public boolean improvesStop(double candidate) {
        int s = side.sign();
        boolean tighter = !hasStop() || s * (candidate - stop) > Instrument.EPSILON;
        return tighter && s * (lastPrice - candidate) > 0;
    }

    /** How the trailing stop is taken from the best price, for the messages: "-" for a long, "+" for a short. */
    public String getTrailSign() {
        return side.sign() > 0 ? "-" : "+";
    }

    // ---- plain getters ----

    public Side getSide() {
        return side;
    }

    public double getQuantity() {
        return quantity;
    }

    public double getPeakQuantity() {
        return peakQuantity;
    }

    public double getStop() {
        return stop;
    }

    public int getTiersTaken() {
        return tiersTaken;
    }

    public boolean isClosed() {
        return closed;
    }

    public double getLastPrice() {
        return lastPrice;
    }

    public double getFavourableExtreme() {
        return favourableExtreme;
    }
}

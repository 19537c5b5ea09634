package io.positionpolicy.model.facts;

/**
 * A notional cap per leverage bracket, as exchanges publish them ("risk limits"): a position at a leverage up to
 * {@code maxLeverage} may have at most {@code maxNotional} notional. The bracket that applies to an order is the one
 * with the lowest {@code maxLeverage} not below the order's leverage.
 */
public record LeverageBracket(int maxLeverage, double maxNotional) implements Explained {
    public int getMaxLeverage() {
        return maxLeverage;
    }

    public double getMaxNotional() {
        return maxNotional;
    }

    @Override
    public String message() {
        return Format.of("up to %dx: notional at most %.2f", maxLeverage, maxNotional);
    }
}

package io.positionpolicy.reference;

import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.Side;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The exchange arithmetic the hand-written policy needs, written out again rather than borrowed from the fact model:
 * flooring to the quantity step, the tick grid, the minimum order and the isolated liquidation price (POLICY.md rules 8
 * and 10). Floors and roundings carry an epsilon of 1e-9 and build multiples in decimal, as POLICY.md asks.
 */
record Exchange(double contractSize, double qtyStep, double minQty, double tickSize, double minNotional,
        int maxLeverage, double[] tierFloors, double[] tierRates, double[] tierAmounts) {
    static final double EPSILON = 1e-9;

    static Exchange of(EvaluationRequest.Instrument i) {
        EvaluationRequest.MaintenanceTier[] tiers = i.maintenanceTiers()
                .toArray(EvaluationRequest.MaintenanceTier[]::new);
        Arrays.sort(tiers, Comparator.comparingDouble(EvaluationRequest.MaintenanceTier::notionalFloor));
        double[] floors = new double[tiers.length];
        double[] rates = new double[tiers.length];
        double[] amounts = new double[tiers.length];
        for (int t = 0; t < tiers.length; t++) {
            floors[t] = tiers[t].notionalFloor();
            rates[t] = tiers[t].rate();
            amounts[t] = tiers[t].amount() == null ? 0 : tiers[t].amount();
        }
        return new Exchange(i.contractSize(), i.qtyStep(), i.minQty() == null ? i.qtyStep() : i.minQty(),
                i.tickSize(), i.minNotional() == null ? 0 : i.minNotional(), i.maxLeverage(), floors, rates, amounts);
    }

    /** Largest multiple of the step not above {@code contracts}; 0 for anything not positive. */
    double floorQuantity(double contracts) {
        if (!(contracts > 0)) {
            return 0;
        }
        double tolerance = Math.min(EPSILON, qtyStep / 1000); // a floor must never add a step of 1e-12
        return multiple(qtyStep, (long) Math.floor((contracts + tolerance) / qtyStep));
    }

    /** Within 1e-9 of a whole number of ticks, or exactly the decimal multiple a rounding builds (large prices). */
    boolean onTickGrid(double price) {
        double ticks = price / tickSize;
        long nearest = Math.round(ticks);
        return Math.abs(ticks - nearest) <= EPSILON || price == multiple(tickSize, nearest);
    }

    /** To the tick grid, towards the price: a long's stop goes up, a short's down (tighter, never looser). */
    double roundStopTowardsPrice(double stop, Side side) {
        double ticks = stop / tickSize;
        if (onTickGrid(stop)) {
            return multiple(tickSize, Math.round(ticks));
        }
        return multiple(tickSize, (long) (side == Side.LONG ? Math.ceil(ticks) : Math.floor(ticks)));
    }

    double notional(double contracts, double price) {
        return contracts * contractSize * price;
    }

    /** The least multiple of the step that is at least {@code minQty}, and at least one step. */
    double smallestOrder() {
        return multiple(qtyStep, Math.max(1, (long) Math.ceil((minQty - Math.min(EPSILON, qtyStep / 1000)) / qtyStep)));
    }

    /** Floored to the step, but never below the smallest order: what a reduce or a tier takes. */
    double exitQuantity(double contracts) {
        return Math.max(floorQuantity(contracts), smallestOrder());
    }

    boolean belowMinimum(double contracts, double price) {
        return contracts < minQty - EPSILON || contracts <= 0 || notional(contracts, price) < minNotional - EPSILON;
    }

    /**
     * Isolated liquidation price, wallet balance {@code Q × avg / leverage}, one maintenance tier (the one of the
     * position's notional): long {@code (avg − (WB + cum)/Q) / (1 − mmr)}, short {@code (avg + (WB + cum)/Q) / (1 + mmr)}.
     */
    double liquidationPrice(Side side, double contracts, double average, double leverage) {
        double units = contracts * contractSize;
        int tier = 0;
        for (int t = 0; t < tierFloors.length; t++) {
            if (tierFloors[t] <= units * average) {
                tier = t;
            }
        }
        double perUnit = average / leverage + tierAmounts[tier] / units;
        return side == Side.LONG
                ? Math.max(0, (average - perUnit) / (1 - tierRates[tier])) // a price never falls below 0
                : (average + perUnit) / (1 + tierRates[tier]);
    }

    private static double multiple(double unit, long count) {
        return BigDecimal.valueOf(unit).multiply(BigDecimal.valueOf(count)).doubleValue();
    }
}

package io.positionpolicy.model.facts;

/** Tier {@code tier} (1-based, nearest first) of a position's take-profit ladder. */
public record TakeProfitTarget(int tier, double price, double share) {
    public int getTier() {
        return tier;
    }

    public double getPrice() {
        return price;
    }

    public double getShare() {
        return share;
    }
}

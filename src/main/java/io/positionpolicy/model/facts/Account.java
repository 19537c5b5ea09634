package io.positionpolicy.model.facts;

import io.positionpolicy.model.Tier;

/** The trader's account. Equity and risks are in the quote currency (USDT). */
public final class Account {
    private final String id;
    private final double equity;
    private final Tier tier;
    private final double openRiskOtherPositions;

    public Account(String id, double equity, Tier tier, double openRiskOtherPositions) {
        this.id = id;
        this.equity = equity;
        this.tier = tier;
        this.openRiskOtherPositions = openRiskOtherPositions;
    }

    public String getId() {
        return id;
    }

    public double getEquity() {
        return equity;
    }

    public Tier getTier() {
        return tier;
    }

    public double getOpenRiskOtherPositions() {
        return openRiskOtherPositions;
    }
}

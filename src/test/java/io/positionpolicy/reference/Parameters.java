package io.positionpolicy.reference;

import io.positionpolicy.model.Tier;

/** One account tier's parameters: rules/parameters/Parameters.drl copied by hand. */
record Parameters(PolicyRule rule, double riskPct, double initialRiskPct, double maxAddRiskMultiple, int maxAdds,
        int maxLeverage, double portfolioRiskPct, double maxAtrPct, double liquidationBufferPct,
        double trailAtrMultiple, double[] ladderR, double[] ladderShare) {

    static final Parameters STANDARD = new Parameters(PolicyRule.PARAMETERS_STANDARD, 0.01, 0.005, 2, 3, 10, 0.03,
            0.05, 0.10, 1.5, new double[] {2, 4}, new double[] {0.50, 0.25});
    static final Parameters EXPERIENCED = new Parameters(PolicyRule.PARAMETERS_EXPERIENCED, 0.02, 0.005, 2, 3, 20,
            0.06, 0.05, 0.10, 1.5, new double[] {2, 4}, new double[] {0.50, 0.25});

    static Parameters of(Tier tier) {
        return tier == Tier.STANDARD ? STANDARD : EXPERIENCED;
    }

    /** The parameters rule's place in its package; Drools orders rules of equal salience by that place. */
    int place() {
        return this == STANDARD ? 0 : 1;
    }
}

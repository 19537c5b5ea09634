package io.positionpolicy.model.facts;

/** The caps on an order's quantity. Each is computed from the order as sized, independently of the others. */
public enum Cap {
    /** POLICY.md rule 2: the position's open risk within riskPct x equity. */
    RISK_BUDGET,
    /** Rule 9: all the account's open risk within portfolioRiskPct x equity. */
    PORTFOLIO,
    /** Rule 5: one add risks at most maxAddRiskMultiple x the initial-entry risk. */
    ADD
}

package io.positionpolicy.model;

/**
 * A trading state (as trading engines name them): ACTIVE trades normally, REDUCING lets only REDUCE and CLOSE through,
 * HALTED rejects every order. What each state means for a decision is written in the shipped DRL
 * ({@code rules/controls/TradingStates.drl}); {@link #restrictiveness()} orders them, most restrictive highest.
 */
public enum TradingStatus {
    ACTIVE,
    REDUCING,
    HALTED;

    public int restrictiveness() {
        return ordinal();
    }
}

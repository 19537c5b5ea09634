package io.positionpolicy.model;

/**
 * Where a trading state applies: everything, one account, one symbol (on every account), or one account's symbol.
 * A state at a scope needs the keys that scope names: {@link #needsAccount()}, {@link #needsSymbol()}.
 */
public enum ControlScope {
    GLOBAL,
    ACCOUNT,
    SYMBOL,
    ACCOUNT_SYMBOL;

    public boolean needsAccount() {
        return this == ACCOUNT || this == ACCOUNT_SYMBOL;
    }

    public boolean needsSymbol() {
        return this == SYMBOL || this == ACCOUNT_SYMBOL;
    }

    /**
     * Whether a state set at this scope for {@code accountId} / {@code symbol} covers a request on those. Account ids
     * and symbols are compared without regard to case or surrounding spaces: a halt set on {@code btcusdt} stops a
     * request for {@code "BTCUSDT "}. A control errs on the side of covering.
     */
    public boolean covers(String stateAccount, String stateSymbol, String accountId, String symbol) {
        return (!needsAccount() || same(stateAccount, accountId)) && (!needsSymbol() || same(stateSymbol, symbol));
    }

    private static boolean same(String key, String requested) {
        return requested != null && key.strip().equalsIgnoreCase(requested.strip());
    }
}

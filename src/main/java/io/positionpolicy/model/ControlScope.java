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

    /** Whether a state set at this scope for {@code accountId} / {@code symbol} covers a request on those. */
    public boolean covers(String stateAccount, String stateSymbol, String accountId, String symbol) {
        return (!needsAccount() || stateAccount.equals(accountId)) && (!needsSymbol() || stateSymbol.equals(symbol));
    }
}

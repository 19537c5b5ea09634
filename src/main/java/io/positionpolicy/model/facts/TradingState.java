package io.positionpolicy.model.facts;

import io.positionpolicy.model.ControlScope;
import io.positionpolicy.model.TradingStatus;
import java.time.Instant;

/**
 * A trading state that applies to the request being decided, one fact per scope that has one set (ACTIVE states are
 * not inserted). The shipped DRL decides what a state means; when several apply, the rules let the most restrictive
 * win. {@code accountId} / {@code symbol} are null where the scope does not name them.
 */
public record TradingState(ControlScope scope, String accountId, String symbol, TradingStatus status, String reason,
        String setBy, Instant since) {

    public ControlScope getScope() {
        return scope;
    }

    public TradingStatus getStatus() {
        return status;
    }

    /** Broader scopes rank lower: GLOBAL 0 … ACCOUNT_SYMBOL 3. */
    public int getScopeRank() {
        return scope.ordinal();
    }

    public int getRestrictiveness() {
        return status.restrictiveness();
    }

    /** "HALTED for account acc-1 (reason)" — for rule messages. */
    public String describe() {
        String where = switch (scope) {
            case GLOBAL -> "everywhere";
            case ACCOUNT -> "for account " + accountId;
            case SYMBOL -> "for " + symbol;
            case ACCOUNT_SYMBOL -> "for " + symbol + " on account " + accountId;
        };
        return status + " " + where + " (" + reason + ")";
    }
}

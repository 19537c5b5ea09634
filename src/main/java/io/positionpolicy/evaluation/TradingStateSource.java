package io.positionpolicy.evaluation;

import io.positionpolicy.model.facts.TradingState;
import java.util.List;

/**
 * The trading states in force for a request, as the evaluation sees them: every state other than ACTIVE whose scope
 * covers the account and symbol. Implemented by the controls (the store and its poller); evaluation only asks.
 */
@FunctionalInterface
public interface TradingStateSource {
    /** Everything ACTIVE: what backtests, replays and plain rule tests decide under. */
    TradingStateSource NONE = (accountId, symbol) -> List.of();

    List<TradingState> applicable(String accountId, String symbol);
}

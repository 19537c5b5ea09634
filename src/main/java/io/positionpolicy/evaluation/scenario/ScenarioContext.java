package io.positionpolicy.evaluation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.evaluation.TradingStateSource;
import io.positionpolicy.model.ControlScope;
import io.positionpolicy.model.TradingStatus;
import io.positionpolicy.model.facts.TradingState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario sets around its request: the evaluation's time ({@code at}) and the trading states in force
 * ({@code tradingStates}), applied as the service's store would apply them — only the states whose scope covers the
 * request's account and symbol, ACTIVE ones left out.
 */
record ScenarioContext(Instant at, TradingStateSource states) {

    static ScenarioContext of(JsonNode context) {
        if (context == null || context.isEmpty()) {
            return new ScenarioContext(Instant.now(), TradingStateSource.NONE);
        }
        Instant at = Instant.now();
        if (context.hasNonNull("at")) {
            try {
                at = Instant.parse(context.get("at").asText());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("scenario 'at' must be an ISO-8601 instant: " + context.get("at"));
            }
        }
        List<TradingState> all = new ArrayList<>();
        for (JsonNode s : context.path("tradingStates")) {
            ControlScope scope = ControlScope.valueOf(s.path("scope").asText("GLOBAL"));
            TradingStatus status = TradingStatus.valueOf(s.path("state").asText());
            all.add(new TradingState(scope, scope.needsAccount() ? s.path("accountId").asText() : null,
                    scope.needsSymbol() ? s.path("symbol").asText() : null, status,
                    s.path("reason").asText("scenario"), "scenario", at));
        }
        return new ScenarioContext(at, (accountId, symbol) -> all.stream()
                .filter(s -> s.status() != TradingStatus.ACTIVE)
                .filter(s -> s.scope().covers(s.accountId(), s.symbol(), accountId, symbol))
                .toList());
    }
}

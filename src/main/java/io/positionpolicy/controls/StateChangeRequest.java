package io.positionpolicy.controls;

import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.model.ControlScope;
import io.positionpolicy.model.TradingStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request to set a trading state: where ({@code scope} with the keys it names), the new {@code state} (ACTIVE clears
 * the scope's state) and why. {@link #validated()} names every bad field by its JSON path.
 */
public record StateChangeRequest(ControlScope scope, String accountId, String symbol, TradingStatus state,
        String reason) {
    static final int MAX_KEY = 200;
    static final int MAX_REASON = 2000;

    public StateChangeRequest validated() {
        List<FieldError> errors = new ArrayList<>();
        if (scope == null) {
            errors.add(new FieldError("$.scope", "is required: one of GLOBAL, ACCOUNT, SYMBOL, ACCOUNT_SYMBOL"));
        } else {
            key("$.accountId", accountId, scope.needsAccount(), scope, errors);
            key("$.symbol", symbol, scope.needsSymbol(), scope, errors);
        }
        if (state == null) {
            errors.add(new FieldError("$.state", "is required: one of ACTIVE, REDUCING, HALTED"));
        }
        if (reason == null || reason.isBlank()) {
            errors.add(new FieldError("$.reason", "is required: say why the state changes (it is recorded)"));
        } else if (reason.length() > MAX_REASON) {
            errors.add(new FieldError("$.reason", "must be at most " + MAX_REASON + " characters (limit)"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new StateChangeRequest(scope, scope.needsAccount() ? accountId.strip() : null,
                scope.needsSymbol() ? symbol.strip().toUpperCase(Locale.ROOT) : null, state, reason.strip());
    }

    private static void key(String field, String value, boolean needed, ControlScope scope, List<FieldError> errors) {
        boolean given = value != null && !value.isBlank();
        if (needed && !given) {
            errors.add(new FieldError(field, "is required for scope " + scope));
        } else if (!needed && value != null) {
            errors.add(new FieldError(field, "must be absent for scope " + scope));
        } else if (given && value.length() > MAX_KEY) {
            errors.add(new FieldError(field, "must be at most " + MAX_KEY + " characters (limit)"));
        }
    }
}

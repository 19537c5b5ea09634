package io.positionpolicy.model;

import java.time.Instant;
import java.util.List;

/**
 * The answer to one evaluation: what to do, why, and under which rule set. Money figures in {@link Metrics} are
 * rounded to cents for display only (the liquidation price to the tick's decimals where the tick is finer than a cent);
 * nothing is rounded while deciding.
 */
public record Decision(
        String evaluationId,
        String requestId,
        String rulesetVersion,
        Instant evaluatedAt,
        Verdict verdict,
        List<Action> actions,
        List<Violation> violations,
        List<Adjustment> adjustments,
        Metrics metrics,
        List<FiredRule> firedRules,
        List<Note> notes,
        List<AppliedState> tradingStates) {

    /** A decision without notes and made under no trading state (everything ACTIVE). */
    public Decision(String evaluationId, String requestId, String rulesetVersion, Instant evaluatedAt, Verdict verdict,
            List<Action> actions, List<Violation> violations, List<Adjustment> adjustments, Metrics metrics,
            List<FiredRule> firedRules) {
        this(evaluationId, requestId, rulesetVersion, evaluatedAt, verdict, actions, violations, adjustments, metrics,
                firedRules, null, null);
    }

    /**
     * Something the decision says without rejecting, such as a protection that could not be checked for want of a
     * request field ({@code DAILY_LOSS_NOT_CHECKED} …) or the state a REVIEW was answered under. Null when none.
     */
    public record Note(String code, String rule, String message) {
    }

    /** A trading state (other than ACTIVE) in force for this request when it was decided; null when none. */
    public record AppliedState(ControlScope scope, String accountId, String symbol, TradingStatus state, String reason,
            String setBy, Instant since) {
    }

    /** An order to place. {@code price} is the limit/reference price; {@code stopPrice} the stop after the order. */
    public record Action(ActionType type, Double quantity, Double price, Double stopPrice, Integer leverage,
            String reason) {
    }

    /** A blocking finding: any violation makes the verdict REJECT. */
    public record Violation(String code, String rule, String message) {
    }

    /** A change the rules made to what was asked (quantity, leverage, stop). */
    public record Adjustment(String field, Double from, Double to, String rule, String message) {
    }

    /**
     * Risk figures of the decision. {@code openRiskPctAfter} is in percent of equity (0.976 means 0.976 %);
     * {@code notionalAfter} is the position's notional after the decision; the others are in the quote currency (USDT)
     * or price units.
     */
    public record Metrics(
            Double riskBudget,
            Double openRiskBefore,
            Double openRiskAfter,
            Double openRiskPctAfter,
            Double liquidationPrice,
            Double averageEntryPriceAfter,
            Double notionalAfter,
            Double atr) {
    }

    /** A rule that fired, in firing order; {@code file} is relative to the rules directory. */
    public record FiredRule(String name, String file, String message) {
    }
}

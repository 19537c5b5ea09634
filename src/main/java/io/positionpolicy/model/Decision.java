package io.positionpolicy.model;

import java.time.Instant;
import java.util.List;

/**
 * The answer to one evaluation: what to do, why, and under which rule set. Money figures in {@link Metrics} are
 * rounded to cents for display only; nothing is rounded while deciding.
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
        List<FiredRule> firedRules) {

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

package io.positionpolicy.evaluation;

import java.time.Duration;

/**
 * What one evaluation may use: a time budget (checked between rule firings and fact changes; the engine is halted
 * when it runs out) and a most number of rule firings. Set once at start-up from {@code policy.evaluation.*}; every
 * evaluation (live, batch, scenario, replay, backtest) runs under them.
 */
public record EvaluationLimits(Duration timeBudget, int maxFirings) {
    public static final EvaluationLimits DEFAULT = new EvaluationLimits(Duration.ofSeconds(5), 10_000);
    private static volatile EvaluationLimits current = DEFAULT;

    public EvaluationLimits {
        if (timeBudget.isNegative() || timeBudget.isZero() || maxFirings < 1) {
            throw new IllegalArgumentException("the time budget and the firing limit must be positive");
        }
    }

    public static EvaluationLimits current() {
        return current;
    }

    public static void configure(EvaluationLimits limits) {
        current = limits;
    }
}

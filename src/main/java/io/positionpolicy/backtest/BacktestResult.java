package io.positionpolicy.backtest;

import java.time.Instant;
import java.util.Map;

/**
 * A finished backtest: what was replayed (file, rule-set version, settings, candles, range, gaps, positions closed
 * before a gap), how often the policy was asked and why it said no, the policy's and the baseline's results side by
 * side, and the speed.
 */
public record BacktestResult(
        String source,
        String rulesetVersion,
        BacktestSettings settings,
        long candles,
        Instant from,
        Instant to,
        int gaps,
        int positionsClosedAtGaps,
        long policyEvaluations,
        Map<String, Integer> policyRejections,
        BookResult policy,
        BookResult baseline,
        long elapsedMillis,
        double candlesPerSecond) {
}

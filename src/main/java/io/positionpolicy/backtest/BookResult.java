package io.positionpolicy.backtest;

import java.util.List;

/** One strategy's outcome: its metrics (with the thinned equity curve) and every trade. */
public record BookResult(String name, Metrics metrics, List<Trade> trades) {
}

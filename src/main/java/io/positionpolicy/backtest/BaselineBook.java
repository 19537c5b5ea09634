package io.positionpolicy.backtest;

import io.positionpolicy.model.Side;

/**
 * The baseline: the same signals, one entry at the full risk budget, one exit at the stop or at a fixed target
 * ({@code baselineTargetR} × the initial risk distance). No adds, no tiers, no trailing.
 */
final class BaselineBook extends Book {
    private double target;

    BaselineBook(double initialEquity, double contractSize, double takerFee) {
        super("baseline", initialEquity, contractSize, takerFee);
    }

    void enter(Bar bar, Side signal, double atr, BacktestSettings settings) {
        if (!flat()) {
            return;
        }
        double distance = settings.stopAtr() * atr;
        double stopPrice = signal == Side.LONG ? bar.open() - distance : bar.open() + distance;
        double equityNow = equityAt(bar.open());
        double budget = settings.baselineRiskPct() * equityNow;
        double step = settings.instrument().qtyStep();
        double qty = Math.floor(budget / (distance * contractSize) / step + 1e-9) * step;
        if (qty < settings.instrument().minQty() || stopPrice <= 0) {
            return;
        }
        enter(bar.time(), "OPEN", signal, bar.open(), qty, stopPrice, budget);
        target = signal == Side.LONG ? bar.open() + settings.baselineTargetR() * distance
                : bar.open() - settings.baselineTargetR() * distance;
    }

    void stopOrTargetAtOpen(Bar bar) {
        if (flat()) {
            return;
        }
        if (sign() * (bar.open() - stop) <= 0) {
            exit(bar.time(), bar.open(), quantity, "STOP");
        } else if (sign() * (bar.open() - target) >= 0) {
            exit(bar.time(), bar.open(), quantity, "TARGET");
        }
    }

    /** Stop first when a candle touches both: the conservative reading of an unknown path inside the candle. */
    void stopOrTargetIntrabar(Bar bar) {
        if (flat()) {
            return;
        }
        boolean stopHit = side == Side.LONG ? bar.low() <= stop : bar.high() >= stop;
        boolean targetHit = side == Side.LONG ? bar.high() >= target : bar.low() <= target;
        if (stopHit) {
            exit(bar.time(), stop, quantity, "STOP");
        } else if (targetHit) {
            exit(bar.time(), target, quantity, "TARGET");
        }
    }
}

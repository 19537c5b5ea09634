package io.positionpolicy.backtest;

import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.Side;

/** The policy's book: the position as the service sees it (peak, adds, first entry, tiers taken, extremes). */
final class PolicyBook extends Book {
    double peakQuantity;
    int addsCount;
    double firstEntry;
    double initialStop;
    double entryAtr;
    double highest;
    double lowest;
    int tiersTaken;
    Integer leverage;

    PolicyBook(double initialEquity, double contractSize, double takerFee) {
        super("policy", initialEquity, contractSize, takerFee);
    }

    EvaluationRequest.Position position() {
        return new EvaluationRequest.Position("backtest", side, quantity, averageEntry, peakQuantity, addsCount,
                firstEntry, initialStop, stop, leverage, entryAtr, highest, lowest, null, tiersTaken);
    }

    void enterByPolicy(long time, Decision.Action action, Side entrySide, double price, double atr, Double budget) {
        boolean opening = flat();
        double newStop = action.stopPrice() != null ? action.stopPrice() : stop;
        enter(time, opening ? "OPEN" : "ADD", entrySide, price, action.quantity(), newStop,
                budget == null ? Double.NaN : budget);
        if (opening) {
            firstEntry = price;
            initialStop = newStop;
            entryAtr = atr;
            highest = price;
            lowest = price;
            addsCount = 0;
            tiersTaken = 0;
            peakQuantity = quantity;
            leverage = action.leverage() != null ? action.leverage() : Integer.valueOf(1);
        } else {
            addsCount++;
            peakQuantity = Math.max(peakQuantity, quantity);
            if (action.leverage() != null) {
                leverage = action.leverage();
            }
        }
    }

    void exitByPolicy(long time, double price, Decision.Action action) {
        String reason = action.reason();
        if (reason != null && reason.startsWith("TAKE_PROFIT_TIER_")) {
            tiersTaken = Math.max(tiersTaken, Integer.parseInt(reason.substring("TAKE_PROFIT_TIER_".length())));
        }
        if (action.stopPrice() != null && !flat()) {
            stop = action.stopPrice();
        }
        exit(time, price, action.quantity(), reason);
    }

    /** The open gaps through the stop: out at the open. */
    void stopAtOpen(Bar bar) {
        if (!flat() && sign() * (bar.open() - stop) <= 0) {
            exit(bar.time(), bar.open(), quantity, "STOP");
        }
    }

    void stopIntrabar(Bar bar) {
        if (!flat() && (side == Side.LONG ? bar.low() <= stop : bar.high() >= stop)) {
            exit(bar.time(), stop, quantity, "STOP");
        }
    }
}

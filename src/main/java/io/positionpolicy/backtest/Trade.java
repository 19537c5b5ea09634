package io.positionpolicy.backtest;

import io.positionpolicy.model.Side;
import java.util.List;

/**
 * One round trip, from the first entry until the position is flat: every fill, the risk taken at entry and the
 * result net of fees and funding. {@code rMultiple} = net result / initial risk (the first entry's quantity × its
 * distance to the stop).
 */
public record Trade(
        int number,
        Side side,
        long openedAt,
        long closedAt,
        List<Fill> fills,
        double initialRisk,
        double grossPnl,
        double fees,
        double funding,
        double netPnl,
        double rMultiple,
        String exitReason) {

    /**
     * One fill: {@code kind} OPEN, ADD, REDUCE or CLOSE; {@code reason} why (the policy's reason, STOP, TARGET,
     * DATA_GAP, END_OF_DATA); after an entry, the open risk and the budget it had to fit.
     */
    public record Fill(long time, String kind, double price, double quantity, String reason, double openRiskAfter,
            double riskBudget) {
    }
}

package io.positionpolicy.model.facts;

import io.positionpolicy.model.ActionType;

/** An order the decision asks the trading system to place. Absent numbers are NaN (or 0 for leverage). */
public record Action(ActionType type, double quantity, double price, double stopPrice, int leverage, String reason,
        String message) implements Explained {

    public static Action close(double quantity, String reason, String message) {
        return new Action(ActionType.CLOSE, quantity, Double.NaN, Double.NaN, 0, reason, message);
    }

    public static Action reduce(double quantity, String reason, String message) {
        return new Action(ActionType.REDUCE, quantity, Double.NaN, Double.NaN, 0, reason, message);
    }

    public static Action moveStop(double stopPrice, String reason, String message) {
        return new Action(ActionType.MOVE_STOP, Double.NaN, Double.NaN, stopPrice, 0, reason, message);
    }
}

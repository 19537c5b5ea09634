package io.positionpolicy.model;

/** An order the trading system should place as a result of a decision. */
public enum ActionType {
    OPEN,
    ADD,
    REDUCE,
    CLOSE,
    MOVE_STOP
}

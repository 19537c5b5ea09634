package io.positionpolicy.model;

/** What the trading system wants to do. REVIEW asks "what should I do with this position now?". */
public enum IntentType {
    OPEN,
    ADD,
    REDUCE,
    CLOSE,
    REVIEW;

    public boolean isEntry() {
        return this == OPEN || this == ADD;
    }
}

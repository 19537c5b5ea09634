package io.positionpolicy.model.facts;

/**
 * One per-instrument limit from the decision table {@code rules/controls/InstrumentLimits.drl.csv}: each filled cell of
 * the row matching the symbol inserts one. Kinds: {@code MAX_LEVERAGE}, {@code PRICE_COLLAR} (share of the mark price),
 * {@code MAX_ORDER_NOTIONAL}, {@code MAX_POSITION_NOTIONAL}. An empty cell sets no limit.
 */
public record InstrumentLimit(String kind, double value) implements Explained {
    public String getKind() {
        return kind;
    }

    public double getValue() {
        return value;
    }

    @Override
    public String message() {
        return kind + " " + Format.of("%s", value);
    }
}

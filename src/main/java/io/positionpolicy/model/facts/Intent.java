package io.positionpolicy.model.facts;

import io.positionpolicy.model.IntentType;
import io.positionpolicy.model.Side;

/** What the trading system asks for. Absent numbers are NaN (quantity, stop) or 0 (leverage). */
public final class Intent {
    private final IntentType type;
    private final Side side;
    private final double price;
    private final double quantity;
    private final double stopPrice;
    private final int leverage;

    public Intent(IntentType type, Side side, double price, double quantity, double stopPrice, int leverage) {
        this.type = type;
        this.side = side;
        this.price = price;
        this.quantity = quantity;
        this.stopPrice = stopPrice;
        this.leverage = leverage;
    }

    public IntentType getType() {
        return type;
    }

    public Side getSide() {
        return side;
    }

    /** The order's price: the one asked, or the last price for a market order. */
    public double getPrice() {
        return price;
    }

    public double getQuantity() {
        return quantity;
    }

    public boolean hasQuantity() {
        return !Double.isNaN(quantity);
    }

    public double getStopPrice() {
        return stopPrice;
    }

    public boolean hasStop() {
        return !Double.isNaN(stopPrice);
    }

    public int getLeverage() {
        return leverage;
    }

    public boolean hasLeverage() {
        return leverage > 0;
    }
}

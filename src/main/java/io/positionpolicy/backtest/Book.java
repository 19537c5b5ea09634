package io.positionpolicy.backtest;

import io.positionpolicy.model.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * The account and position of one strategy during a backtest: cash (equity realised so far, net of fees and
 * funding), the open position and its trade, and the closed trades. Futures arithmetic: a position's value is its
 * unrealised result, so equity = cash + open value at any price.
 */
class Book {
    final String name;
    final double contractSize;
    final double takerFee;
    final EquityTracker equity;
    final List<Trade> trades = new ArrayList<>();

    double cash;
    Side side;
    double quantity;
    double averageEntry;
    double stop;
    long exposedCandles;
    double feesPaid;
    double fundingPaid;

    private int tradeNumber;
    private long openedAt;
    private double initialRisk;
    private double tradeGross;
    private double tradeFees;
    private double tradeFunding;
    private List<Trade.Fill> fills;

    Book(String name, double initialEquity, double contractSize, double takerFee) {
        this.name = name;
        this.cash = initialEquity;
        this.contractSize = contractSize;
        this.takerFee = takerFee;
        this.equity = new EquityTracker(initialEquity);
    }

    boolean flat() {
        return quantity <= 0;
    }

    int sign() {
        return side == Side.LONG ? 1 : -1;
    }

    /** The open position's unrealised result at {@code price}. */
    double openValue(double price) {
        return flat() ? 0 : sign() * quantity * contractSize * (price - averageEntry);
    }

    double equityAt(double price) {
        return cash + openValue(price);
    }

    /** Money lost if the stop is hit: quantity × contract size × distance from the average entry to the stop. */
    double openRisk() {
        return flat() ? 0 : Math.max(0, sign() * quantity * contractSize * (averageEntry - stop));
    }

    void enter(long time, String kind, Side entrySide, double price, double qty, double newStop, double budget) {
        double fee = qty * contractSize * price * takerFee;
        if (flat()) {
            side = entrySide;
            averageEntry = price;
            quantity = qty;
            stop = newStop;
            tradeNumber++;
            openedAt = time;
            fills = new ArrayList<>();
            tradeGross = 0;
            tradeFees = 0;
            tradeFunding = 0;
            initialRisk = qty * contractSize * Math.abs(price - newStop);
        } else {
            averageEntry = (averageEntry * quantity + price * qty) / (quantity + qty);
            quantity += qty;
            stop = newStop;
        }
        pay(fee);
        fills.add(new Trade.Fill(time, kind, price, qty, kind, openRisk(), budget));
    }

    /** Takes {@code qty} off at {@code price}; the trade ends when the position is flat. */
    void exit(long time, double price, double qty, String reason) {
        double take = Math.min(qty, quantity);
        double gross = sign() * take * contractSize * (price - averageEntry);
        cash += gross;
        tradeGross += gross;
        pay(take * contractSize * price * takerFee);
        quantity -= take;
        boolean closing = quantity <= 1e-9;
        fills.add(new Trade.Fill(time, closing ? "CLOSE" : "REDUCE", price, take, reason, 0, 0));
        if (closing) {
            quantity = 0;
            double net = tradeGross - tradeFees - tradeFunding;
            trades.add(new Trade(tradeNumber, side, openedAt, time, List.copyOf(fills), initialRisk, tradeGross,
                    tradeFees, tradeFunding, net, initialRisk > 0 ? net / initialRisk : 0, reason));
            fills = null;
            onFlat();
        }
    }

    /** Funding on the position's notional at {@code price}: longs pay a positive rate, shorts receive it. */
    void fund(double price, double rate) {
        if (flat() || rate == 0) {
            return;
        }
        double amount = sign() * quantity * contractSize * price * rate;
        cash -= amount;
        fundingPaid += amount;
        tradeFunding += amount;
    }

    void mark(long time, double close) {
        if (!flat()) {
            exposedCandles++;
        }
        equity.mark(time, equityAt(close));
    }

    /** Closes what is open at {@code price}, for a gap or the end of the data. */
    void flatten(long time, double price, String reason) {
        if (!flat()) {
            exit(time, price, quantity, reason);
        }
    }

    Backtester.BookState state(double close) {
        return new Backtester.BookState(cash, flat() ? null : side, quantity, averageEntry, equityAt(close));
    }

    BookResult result(long candles) {
        return new BookResult(name, equity.metrics(trades, exposedCandles, candles, feesPaid, fundingPaid), trades);
    }

    /** For subclasses: forget position details when flat. */
    void onFlat() {
    }

    private void pay(double fee) {
        cash -= fee;
        feesPaid += fee;
        tradeFees += fee;
    }
}

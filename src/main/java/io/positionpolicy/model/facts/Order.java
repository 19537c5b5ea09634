package io.positionpolicy.model.facts;

import io.positionpolicy.model.IntentType;
import io.positionpolicy.model.Side;
import java.util.EnumMap;
import java.util.Map;

/**
 * The order ticket of an OPEN or ADD while the rules size and check it. Created from the intent (and the position for
 * an ADD), then changed only by rule consequences through {@code modify}: sized, capped, its stop rounded, its leverage
 * lowered. Every risk figure here uses the ticket's stop, which for an ADD is the new stop of the whole position.
 *
 * <p>The caps read the quantity as sized ({@link #getSizedQuantity()}), never each other's result: each records its
 * own cap, and the order's {@link #getQuantity() quantity} is the smallest of them, whatever order they come in.
 */
public final class Order {
    private final IntentType type;
    private final Side side;
    private final double price;
    private final double askedQuantity;
    private final boolean leverageAsked;
    private final Instrument instrument;
    private final double positionQuantity;
    private final double positionAverage;
    private final double stopAsGiven;

    private double stop;
    private double quantity = Double.NaN;
    private double sizedQuantity = Double.NaN;
    private final Map<Cap, Double> caps = new EnumMap<>(Cap.class);
    private int leverage;
    private String basis;
    private double wantedRisk = Double.NaN;

    public Order(IntentType type, Side side, double price, double stop, double askedQuantity, int leverage,
            boolean leverageAsked, Instrument instrument, double positionQuantity, double positionAverage) {
        this.type = type;
        this.side = side;
        this.price = price;
        this.stop = stop;
        this.stopAsGiven = stop;
        this.askedQuantity = askedQuantity;
        this.leverage = leverage;
        this.leverageAsked = leverageAsked;
        this.instrument = instrument;
        this.positionQuantity = positionQuantity;
        this.positionAverage = positionAverage;
    }

    // ---- state changes, called from rule consequences ----

    public void sizeTo(double contracts, String basis, double wantedRisk) {
        this.quantity = contracts;
        this.sizedQuantity = contracts;
        this.basis = basis;
        this.wantedRisk = wantedRisk;
    }

    /** Records one cap; the order keeps the smallest of its sized quantity and every cap recorded. */
    public void capTo(Cap cap, double contracts) {
        caps.put(cap, contracts);
        this.quantity = Math.min(quantity, contracts);
    }

    public void setStop(double stop) {
        this.stop = stop;
    }

    public void setLeverage(int leverage) {
        this.leverage = leverage;
    }

    // ---- derived figures ----

    public boolean isSized() {
        return !Double.isNaN(quantity);
    }

    public boolean hasStop() {
        return !Double.isNaN(stop);
    }

    /** A stop exists and lies on the losing side of the price, so risk per contract is positive. */
    public boolean isStopUsable() {
        return hasStop() && side.sign() * (price - stop) > 0;
    }

    /** What one more contract risks: {@code contractSize × |price − stop|}. */
    public double getRiskPerContract() {
        return instrument.getContractSize() * side.sign() * (price - stop);
    }

    /** The existing position's risk at this ticket's stop; negative when that stop locks in profit. */
    public double getExistingRisk() {
        return positionQuantity * instrument.getContractSize() * side.sign() * (positionAverage - stop);
    }

    /**
     * Risk an allowance leaves for this order after the existing position: {@code allowance − existing risk}, and
     * nothing when the allowance is already spent. Open risk is never below 0, so a negative allowance (other positions
     * above the portfolio cap) leaves no room, however much profit this ticket's stop locks in.
     */
    public double riskLeft(double allowance) {
        return allowance < 0 ? 0 : allowance - getExistingRisk();
    }

    /** Contracts (floored to the step) whose risk is {@code risk}. */
    public double quantityForRisk(double risk) {
        return instrument.floorQuantity(risk / getRiskPerContract());
    }

    /** Largest quantity (floored to the step) that keeps the position's open risk within {@code allowance}. */
    public double quantityFitting(double allowance) {
        return quantityForRisk(riskLeft(allowance));
    }

    public double getQuantityAfter() {
        return positionQuantity + (isSized() ? quantity : 0);
    }

    public double getAverageEntryAfter() {
        return averageEntryAfter(isSized() ? quantity : 0);
    }

    /** An OPEN's average entry is its price exactly: {@code q × p / q} is not always {@code p} in doubles. */
    private double averageEntryAfter(double contracts) {
        double after = positionQuantity + contracts;
        return positionQuantity == 0 ? price : (positionQuantity * positionAverage + contracts * price) / after;
    }

    /** {@code max(0, Q × s × (avgEntry − stop))} after the fill. */
    public double getOpenRiskAfter() {
        return Math.max(0, getExistingRisk() + (isSized() ? quantity : 0) * getRiskPerContract());
    }

    public double getNotional() {
        return instrument.notional(isSized() ? quantity : 0, price);
    }

    /** The position's notional after the fill, at the average entry after it. */
    public double getNotionalAfter() {
        return instrument.notional(getQuantityAfter(), getAverageEntryAfter());
    }

    public double getLiquidationPrice() {
        return liquidationPriceAt(leverage);
    }

    /** Whether the stop sits at least {@code bufferPct} of the entry→liquidation distance before liquidation. */
    public boolean isLiquidationSafe(double bufferPct) {
        return isLiquidationSafeAt(leverage, bufferPct);
    }

    /** Highest whole leverage, not above the current one, that keeps the stop before liquidation; 0 if none does. */
    public int highestSafeLeverage(double bufferPct) {
        for (int candidate = leverage; candidate >= 1; candidate--) {
            if (isLiquidationSafeAt(candidate, bufferPct)) {
                return candidate;
            }
        }
        return 0;
    }

    public boolean isCappedBy(Cap cap) {
        return caps.containsKey(cap);
    }

    /** The quantity {@code cap} allows, or NaN if it did not cut the order. */
    public double capOf(Cap cap) {
        return caps.getOrDefault(cap, Double.NaN);
    }

    /** The quantity as sized, before any cap, is below the exchange's minimum. */
    public boolean isSizedBelowMinimum() {
        return isSized() && instrument.isBelowMinimum(sizedQuantity, price);
    }

    /** {@code cap} cut the order to less than the exchange's minimum: on its own it leaves no order to place. */
    public boolean capBelowMinimum(Cap cap) {
        return caps.containsKey(cap) && instrument.isBelowMinimum(caps.get(cap), price);
    }

    public double notionalOf(double contracts) {
        return instrument.notional(contracts, price);
    }

    /**
     * The contracts the liquidation figures measure: the order's, or when it has none (a cap cut it to nothing, or it
     * was sized to nothing), the smallest order the exchange takes. On an exchange's own maintenance brackets (margin
     * continuous from tier to tier) a larger order is liquidated no later, so a stop beyond that one's liquidation is
     * beyond every order's, and the refusal can say so alongside the cap's.
     */
    private double liquidationContracts() {
        return isSized() && quantity > 0 ? quantity : instrument.smallestOrder();
    }

    private double liquidationPriceAt(int lev) {
        double contracts = liquidationContracts();
        return instrument.liquidationPrice(side, positionQuantity + contracts, averageEntryAfter(contracts), lev);
    }

    private boolean isLiquidationSafeAt(int lev, double bufferPct) {
        double contracts = liquidationContracts();
        double average = averageEntryAfter(contracts);
        double liquidation = instrument.liquidationPrice(side, positionQuantity + contracts, average, lev);
        int s = side.sign();
        return s * (stop - liquidation) >= bufferPct * s * (average - liquidation) - 1e-9;
    }

    // ---- plain getters ----

    public IntentType getType() {
        return type;
    }

    public Side getSide() {
        return side;
    }

    public double getPrice() {
        return price;
    }

    public double getStop() {
        return stop;
    }

    /** The stop the request gave (the intent's, or for an ADD without one the position's), before the tick grid. */
    public double getStopAsGiven() {
        return stopAsGiven;
    }

    public double getQuantity() {
        return quantity;
    }

    public double getAskedQuantity() {
        return askedQuantity;
    }

    public boolean isQuantityAsked() {
        return !Double.isNaN(askedQuantity);
    }

    public int getLeverage() {
        return leverage;
    }

    public boolean isLeverageAsked() {
        return leverageAsked;
    }

    public String getBasis() {
        return basis;
    }

    public double getWantedRisk() {
        return wantedRisk;
    }

    public double getSizedQuantity() {
        return sizedQuantity;
    }

    public double getPositionQuantity() {
        return positionQuantity;
    }

    public Instrument getInstrument() {
        return instrument;
    }
}

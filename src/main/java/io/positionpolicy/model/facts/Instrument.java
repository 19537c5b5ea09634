package io.positionpolicy.model.facts;

import io.positionpolicy.model.Side;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A USDT-margined linear perpetual: its contract size, exchange filters and maintenance-margin tiers, and the exchange
 * arithmetic that goes with them (flooring to the quantity step, rounding to the tick, the isolated liquidation price).
 * The policy's own numbers live in DRL, not here.
 *
 * <p>It also says how its prices are written in messages ({@link #price}): to cents, or to the tick's decimals where the
 * tick is finer, as the response's metrics show them. The decimals are the instrument's, worked out once when the fact
 * is built, so a rule's message stays one literal pattern ({@code Format.of("stop %s", $i.price(stop))}).
 */
public final class Instrument {
    /** Tolerance for flooring, in contracts and in ticks: 37.5 / 1.3 must not lose a contract to binary rounding. */
    static final double EPSILON = 1e-9;

    private final String symbol;
    private final double contractSize;
    private final double qtyStep;
    private final double minQty;
    private final double tickSize;
    private final double minNotional;
    private final int maxLeverage;
    private final List<MaintenanceTier> maintenanceTiers;
    private final int priceDecimals;
    /**
     * The decimals of the ticks seen so far: every request builds its instrument, and working them out from the tick's
     * decimal form costs more than the rest of the constructor.
     */
    private static final Map<Double, Integer> DECIMALS = new ConcurrentHashMap<>();

    public Instrument(String symbol, double contractSize, double qtyStep, double minQty, double tickSize,
            double minNotional, int maxLeverage, List<MaintenanceTier> maintenanceTiers) {
        this.symbol = symbol;
        this.contractSize = contractSize;
        this.qtyStep = qtyStep;
        this.minQty = minQty;
        this.tickSize = tickSize;
        this.minNotional = minNotional;
        this.maxLeverage = maxLeverage;
        this.maintenanceTiers = maintenanceTiers.stream()
                .sorted(Comparator.comparingDouble(MaintenanceTier::notionalFloor))
                .toList();
        this.priceDecimals = priceDecimals(tickSize);
    }

    /**
     * The decimals a price of an instrument with this tick is shown with: those of the tick (its shortest decimal form),
     * and at least 2. BTCUSDT (0.1) and ETHUSDT (0.01) show cents; DOGEUSDT (0.00001) five decimals, 1000PEPEUSDT
     * (0.0000001) seven.
     */
    private static int priceDecimals(double tickSize) {
        if (!(tickSize > 0) || !Double.isFinite(tickSize)) {
            return 2;
        }
        Integer known = DECIMALS.get(tickSize);
        if (known != null) {
            return known;
        }
        int decimals = Math.max(2, BigDecimal.valueOf(tickSize).stripTrailingZeros().scale());
        if (DECIMALS.size() < 1_000) { // requests name any tick they like: remember the first thousand only
            DECIMALS.put(tickSize, decimals);
        }
        return decimals;
    }

    /**
     * A price, or a distance between prices (an ATR, R, a risk per contract), as the rules' messages write it:
     * {@link #getPriceDecimals()} decimals, half-up, as {@code %.Nf} would. Used under {@code %s}:
     * {@code Format.of("Stop %s is not on the losing side of the price %s", $i.price(stop), $i.price(price))}. At two
     * decimals a sub-cent instrument's figures would all read alike ("Stop 0.01 … price 0.01"); money stays at
     * {@code %.2f}.
     */
    public String price(double value) {
        return Format.fixed(value, priceDecimals);
    }

    /** Largest multiple of {@code qtyStep} not above {@code contracts}; 0 for anything not positive. */
    public double floorQuantity(double contracts) {
        if (!(contracts > 0)) {
            return 0;
        }
        long steps = (long) Math.floor((contracts + quantityTolerance()) / qtyStep);
        return multiple(qtyStep, steps);
    }

    /** 1e-9 contracts, or a thousandth of the step when that is smaller: a floor never adds a step of 1e-12. */
    private double quantityTolerance() {
        return Math.min(EPSILON, qtyStep / 1000);
    }

    /** A stop on the tick grid, rounded towards the price: up for a long's stop, down for a short's (never looser). */
    public double roundStopTowardsPrice(double stop, Side side) {
        double ticks = stop / tickSize;
        long rounded = isOnTickGrid(stop) ? Math.round(ticks)
                : (long) (side == Side.LONG ? Math.ceil(ticks) : Math.floor(ticks));
        return multiple(tickSize, rounded);
    }

    /**
     * Within 1e-9 of a whole number of ticks, or exactly the multiple of the tick that {@link #roundStopTowardsPrice}
     * would build. The second is needed from about ten million ticks up: 112,003.43 / 0.01 is 11,200,342.999999998 in
     * doubles, so the first alone would call that stop off the grid, and the rounding rule would round it again (to
     * itself for a long, a tick lower for a short) and fire on its own result until the evaluation's firing limit.
     */
    public boolean isOnTickGrid(double price) {
        double ticks = price / tickSize;
        long nearest = Math.round(ticks);
        return Math.abs(ticks - nearest) <= EPSILON || price == multiple(tickSize, nearest);
    }

    /**
     * Whether the symbol matches a decision-table pattern: the symbol itself, or a pattern with {@code *} (any run of
     * characters) and {@code ?} (one character), such as {@code *USDT}.
     */
    public boolean symbolMatches(String pattern) {
        return globMatches(pattern.strip(), symbol);
    }

    /**
     * {@code *} and {@code ?} matching without building a regular expression: every decision-table row asks it on
     * every evaluation, and compiling a pattern each time cost about 5 % of an evaluation. The classic greedy match
     * that backtracks only to the last {@code *}; linear in practice, O(n·m) at worst.
     */
    static boolean globMatches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    public double notional(double contracts, double price) {
        return contracts * contractSize * price;
    }

    /** The smallest order the exchange takes: {@code minQty} put on the quantity step (upwards), and at least a step. */
    public double smallestOrder() {
        return multiple(qtyStep, Math.max(1, (long) Math.ceil((minQty - quantityTolerance()) / qtyStep)));
    }

    /**
     * An exit of {@code contracts} the exchange can take: floored to the quantity step, and raised to the smallest
     * order when the floor leaves less (an exit is never refused, and an order of nothing is no exit).
     */
    public double exitQuantity(double contracts) {
        return Math.max(floorQuantity(contracts), smallestOrder());
    }

    /** Below the exchange's minimum quantity or minimum notional. */
    public boolean isBelowMinimum(double contracts, double price) {
        return contracts < minQty - EPSILON || contracts <= 0 || notional(contracts, price) < minNotional - 1e-9;
    }

    /** The maintenance tier that applies to a position of this notional (the highest floor not above it). */
    public MaintenanceTier maintenanceTierFor(double notional) {
        MaintenanceTier applicable = maintenanceTiers.get(0);
        for (MaintenanceTier tier : maintenanceTiers) {
            if (tier.notionalFloor() <= notional) {
                applicable = tier;
            }
        }
        return applicable;
    }

    /**
     * Isolated-margin liquidation price with wallet balance {@code WB = Q × avgEntry / leverage}:
     * long {@code (avg − (WB + cum)/Q) / (1 − mmr)}, short {@code (avg + (WB + cum)/Q) / (1 + mmr)}. A long whose
     * margin outlasts any fall of the price (at 1x with a maintenance amount, say) has no liquidation price above 0: its
     * figure is 0, never a negative price.
     */
    public double liquidationPrice(Side side, double contracts, double averageEntry, double leverage) {
        double baseUnits = contracts * contractSize;
        MaintenanceTier tier = maintenanceTierFor(baseUnits * averageEntry);
        double walletPerUnit = averageEntry / leverage;
        double perUnit = walletPerUnit + tier.amount() / baseUnits;
        return side == Side.LONG
                ? Math.max(0, (averageEntry - perUnit) / (1 - tier.rate()))
                : (averageEntry + perUnit) / (1 + tier.rate());
    }

    private static double multiple(double unit, long count) {
        return BigDecimal.valueOf(unit).multiply(BigDecimal.valueOf(count)).doubleValue();
    }

    public String getSymbol() {
        return symbol;
    }

    public double getContractSize() {
        return contractSize;
    }

    public double getQtyStep() {
        return qtyStep;
    }

    public double getMinQty() {
        return minQty;
    }

    public double getTickSize() {
        return tickSize;
    }

    public double getMinNotional() {
        return minNotional;
    }

    public int getMaxLeverage() {
        return maxLeverage;
    }

    public List<MaintenanceTier> getMaintenanceTiers() {
        return maintenanceTiers;
    }

    /** The decimals of {@link #price}: those of the tick, at least 2. */
    public int getPriceDecimals() {
        return priceDecimals;
    }
}

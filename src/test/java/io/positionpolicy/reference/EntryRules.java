package io.positionpolicy.reference;

import io.positionpolicy.model.ActionType;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.IntentType;
import io.positionpolicy.model.Verdict;
import io.positionpolicy.model.facts.Format;
import java.util.List;

/**
 * OPEN and ADD, POLICY.md rules 1-10 as the DRL of rules/entry applies them: the order ticket is sized, capped and
 * checked, and placed if nothing rejected it. The steps run in the order Drools fires their rules (the phase, then the
 * rule's place in its package), which decides the order of the fired rules and of the adjustments, and nothing else:
 * every cap is computed from the order as sized and every cap that leaves less than the minimum is reported.
 */
final class EntryRules extends Evaluation {
    // ---- the order ticket as the rules size it; every risk figure uses its stop, for an ADD the position's new one ----
    private double heldQuantity;
    private double heldAverage;
    private double stop = Double.NaN;
    private double givenStop = Double.NaN;
    private double quantity = Double.NaN;
    private int leverage;
    private boolean leverageAsked;
    private double sized = Double.NaN;
    private String basis;
    private double wantedRisk = Double.NaN;
    private double budgetCap = Double.NaN;
    private double portfolioCap = Double.NaN;
    private double addCap = Double.NaN;

    EntryRules(EvaluationRequest request) {
        super(request);
    }

    /**
     * The steps in the order Drools fires their rules: phase by phase (rules/README.md), and inside a phase by the
     * rule's place in the entry package (files in path order). Each step says which rule it is.
     */
    @Override
    void apply() {
        boolean add = type == IntentType.ADD;
        openTicket(add);
        fire(limits.rule(), null);                                   // PARAMETERS
        roundStopToTick();                                           // TICKET: ExchangeFilters.drl, then Leverage.drl
        capLeverage();
        if (!Double.isNaN(askedQuantity) || stopUsable()) {
            size(add);                                               // SIZING: an asked quantity whatever the stop
        }
        if (stopUsable()) {
            capQuantity(add);                                        // CAPS
        }
        boolean isSized = !Double.isNaN(quantity);                   // FILTERS, in file order
        if (hasStop(stop) && !stopUsable() && s * (price - givenStop) > 0) {
            rejectStopRoundedOntoPrice();
        }
        if (isSized && exchange.belowMinimum(sized, price)) {
            rejectSizedTooSmall();
        }
        if (isSized && stopUsable() && !liquidationSafeAt(leverage)) {
            keepLiquidationBeyondStop(quantity > 0);
        }
        if (isSized) {
            rejectCapsTooSmall(add);
        }
        if (add) {                                                   // CHECKS: Adds.drl, Stops.drl, Volatility.drl
            rejectAddAgainstTheTrend();
            rejectAddBeyondMaximum();
        }
        checkStops(add);
        guardVolatility();
        if (isSized && quantity > 0 && stopUsable() && violations.isEmpty() && actions.isEmpty()) {
            placeOrder(add);                                         // PLACING
        }
    }

    /** For an ADD the ticket starts from the position: its stop unless a new one is given, its leverage. */
    private void openTicket(boolean add) {
        heldQuantity = add ? position.quantity() : 0;
        heldAverage = add ? position.averageEntryPrice() : 0;
        stop = hasStop(intentStop) ? intentStop : positionHasStop() && add ? position.stopPrice() : Double.NaN;
        givenStop = stop;
        leverage = intentLeverage > 0 ? intentLeverage : add ? position.leverage() : 0;
        leverageAsked = leverage > 0;
    }

    /** Rule 10, first of all (salience 10): the stop goes on the tick grid, towards the price. */
    private void roundStopToTick() {
        if (hasStop(stop) && !exchange.onTickGrid(stop)) {
            double rounded = exchange.roundStopTowardsPrice(stop, side);
            adjust(PolicyRule.STOP_OFF_GRID, "stopPrice", stop, rounded, true, Format.of(
                    "Stop %s rounded to the tick %s towards the price: %s", stop, exchange.tickSize(), rounded));
            stop = rounded;
        }
    }

    /** Rule 4: scale in only with the trend. */
    private void rejectAddAgainstTheTrend() {
        if (!(s * (price - position.averageEntryPrice()) > 0)) {
            violate(PolicyRule.ADD_TO_LOSING, "ADD_TO_LOSING_POSITION", Format.of(
                    "Add at %s is not beyond the average entry %s in the %s position's favour",
                    price(price), price(position.averageEntryPrice()), side));
        }
    }

    /** Rule 4: at most maxAdds adds. */
    private void rejectAddBeyondMaximum() {
        int adds = position.addsCount() == null ? 0 : position.addsCount();
        if (adds >= limits.maxAdds()) {
            violate(PolicyRule.MAX_ADDS, "MAX_ADDS_REACHED", Format.of(
                    "The position has had %d adds; at most %d are allowed", adds, limits.maxAdds()));
        }
    }

    /** Rule 7: leverage within the tier's cap, never above the instrument's own; none asked starts at the cap. */
    private void capLeverage() {
        int cap = Math.min(limits.maxLeverage(), exchange.maxLeverage());
        if (leverage == 0) {
            fire(PolicyRule.LEVERAGE_NONE, Format.of("No leverage asked: starting from the cap %dx", cap));
            leverage = cap;
        } else if (leverage > cap) {
            adjust(PolicyRule.LEVERAGE_ABOVE_CAP, "leverage", leverage, cap, leverageAsked, Format.of(
                    "Leverage %dx is above the cap of %dx (policy %dx, instrument %dx)",
                    leverage, cap, limits.maxLeverage(), exchange.maxLeverage()));
            leverage = cap;
        }
    }

    /**
     * Rules 9, 2 and 5: portfolio cap, risk budget, add cap (the order Drools fires them in, which orders only the
     * adjustments). Each cap is computed from the quantity as sized; the order keeps the smallest.
     */
    private void capQuantity(boolean add) {
        double portfolio = limits.portfolioRiskPct() * equity;
        if (sized > quantityFitting(portfolio - otherRisk)) {
            portfolioCap = quantityFitting(portfolio - otherRisk);
            adjust(PolicyRule.PORTFOLIO_SHRINK, "quantity", sized, portfolioCap, true, Format.of(
                    "Portfolio cap %.2f (%s %% of %.2f) with %.2f at risk in other positions leaves %.2f: "
                            + "%s contracts instead of %s", portfolio, limits.portfolioRiskPct() * 100, equity,
                    otherRisk, riskLeft(portfolio - otherRisk), portfolioCap, sized));
            quantity = Math.min(quantity, portfolioCap);
        }
        double budget = limits.riskPct() * equity;
        if (sized > quantityFitting(budget)) {
            budgetCap = quantityFitting(budget);
            adjust(PolicyRule.BUDGET_SHRINK, "quantity", sized, budgetCap, true, Format.of(
                    "Risk budget %.2f (%s %% of %.2f) leaves %.2f for this order: %s contracts instead of %s",
                    budget, limits.riskPct() * 100, equity, riskLeft(budget), budgetCap, sized));
            quantity = Math.min(quantity, budgetCap);
        }
        double addRisk = addRiskCap();
        if (add && sized > quantityForRisk(addRisk)) {
            addCap = quantityForRisk(addRisk);
            adjust(PolicyRule.ADD_CAP, "quantity", sized, addCap, true, Format.of(
                    "One add may risk at most %.2f (%s x the initial-entry risk): %s contracts",
                    addRisk, limits.maxAddRiskMultiple(), addCap));
            quantity = Math.min(quantity, addCap);
        }
    }

    private double addRiskCap() {
        return limits.maxAddRiskMultiple() * limits.initialRiskPct() * equity;
    }

    /** Rule 1, on the stops as asked (not as rounded): one is needed, on the losing side, never loosened. */
    private void checkStops(boolean add) {
        if (!hasStop(intentStop) && !positionHasStop()) {
            violate(PolicyRule.STOP_REQUIRED, "STOP_REQUIRED",
                    "No stop: an entry or add needs a stop price, in the intent or already on the position");
        }
        if (hasStop(intentStop) && s * (price - intentStop) <= 0) {
            violate(PolicyRule.STOP_WRONG_SIDE, "STOP_WRONG_SIDE", Format.of(
                    "Stop %s is not on the losing side of the %s price %s", price(intentStop), side, price(price)));
        }
        if (add && !hasStop(intentStop) && positionHasStop() && s * (price - position.stopPrice()) <= 0) {
            violate(PolicyRule.STOP_CROSSED, "STOP_WRONG_SIDE", Format.of(
                    "The position's stop %s is not on the losing side of the price %s",
                    price(position.stopPrice()), price(price)));
        }
        if (add && hasStop(intentStop) && positionHasStop() && s * (intentStop - position.stopPrice()) < 0) {
            violate(PolicyRule.STOP_LOOSENED, "STOP_LOOSENED", Format.of(
                    "New stop %s is looser than the current stop %s; a stop may only move in the position's "
                            + "favour", price(intentStop), price(position.stopPrice())));
        }
    }

    /** Rule 6: no new risk while ATR / price is above maxAtrPct. */
    private void guardVolatility() {
        if (atr / price > limits.maxAtrPct()) {
            violate(PolicyRule.VOLATILITY, "VOLATILITY_TOO_HIGH", Format.of(
                    "ATR %s is %.2f %% of the price %s; the limit is %s %%",
                    price(atr), 100 * atr / price, price(price), limits.maxAtrPct() * 100));
        }
    }

    private void placeOrder(boolean add) {
        ActionType action = add ? ActionType.ADD : ActionType.OPEN;
        act(PolicyRule.PLACE_ORDER, action, quantity, price, stop, leverage, basis, Format.of(
                "%s %s contracts at %s, stop %s, leverage %dx: open risk after %.2f",
                action, quantity, price(price), price(stop), leverage, openRiskAfter()));
    }

    private boolean positionHasStop() {
        return position != null && position.stopPrice() != null;
    }

    private boolean stopUsable() {
        return hasStop(stop) && s * (price - stop) > 0;
    }

    /** Rules 3 and 5: an asked quantity floored to the step, or sized to the initial risk, or by volatility. */
    private void size(boolean add) {
        if (!Double.isNaN(askedQuantity)) {
            double floored = exchange.floorQuantity(askedQuantity);
            if (floored != askedQuantity) {
                adjust(PolicyRule.SIZE_ASKED, "quantity", askedQuantity, floored, true, Format.of(
                        "%s contracts floored to the quantity step %s: %s", askedQuantity, exchange.qtyStep(), floored));
            } else {
                fire(PolicyRule.SIZE_ASKED, Format.of("%s contracts as asked", floored));
            }
            sizeTo(floored, "ASKED", stopUsable() ? floored * riskPerContract() : Double.NaN);
        } else if (!add) {
            double risk = limits.initialRiskPct() * equity;
            double sized = quantityForRisk(risk);
            fire(PolicyRule.SIZE_OPEN, Format.of("%s contracts: risk %.2f (%s %% of equity %.2f) at %s per contract",
                    sized, risk, limits.initialRiskPct() * 100, equity, price(riskPerContract())));
            sizeTo(sized, "INITIAL_RISK", risk);
        } else {
            double entryAtr = orElse(position.entryAtr(), atr);
            double initialRisk = limits.initialRiskPct() * equity;
            double wanted = initialRisk * (entryAtr / atr);
            double cap = addRiskCap();
            double risk = Math.min(wanted, cap);
            double sized = quantityForRisk(risk);
            fire(PolicyRule.SIZE_ADD, Format.of(
                    "%s contracts: add risk %.2f (%.2f x entry ATR %s / ATR %s, cap %.2f) at %s per contract",
                    sized, risk, initialRisk, price(entryAtr), price(atr), cap, price(riskPerContract())));
            sizeTo(sized, "VOLATILITY_ADD", risk);
        }
    }

    private void sizeTo(double contracts, String sizingBasis, double risk) {
        quantity = contracts;
        sized = contracts;
        basis = sizingBasis;
        wantedRisk = risk;
    }

    /**
     * Rule 8: the highest whole leverage not above the current one that keeps the stop before liquidation. An order
     * cut to nothing ({@code placeable} false) is only refused when no leverage would keep it safe.
     */
    private void keepLiquidationBeyondStop(boolean placeable) {
        double buffer = limits.liquidationBufferPct();
        for (int safe = leverage; safe >= 1; safe--) {
            if (liquidationSafeAt(safe)) {
                if (!placeable) {
                    return;
                }
                adjust(PolicyRule.LIQUIDATION_LOWER, "leverage", leverage, safe, leverageAsked, Format.of(
                        "At %dx liquidation (%s) comes too close to the stop %s (buffer %s %%): %dx keeps it clear",
                        leverage, price(liquidationAt(leverage)), price(stop), buffer * 100, safe));
                leverage = safe;
                return;
            }
        }
        violate(PolicyRule.LIQUIDATION_REJECT, "STOP_BEYOND_LIQUIDATION", Format.of(
                "Even at 1x the position would be liquidated before (or too close to) the stop %s", price(stop)));
    }

    /** Rule 10: the order as sized, before any cap, is already below the exchange minimum. */
    private void rejectSizedTooSmall() {
        violate(PolicyRule.BELOW_MINIMUM, "BELOW_MIN_SIZE", Format.of(
                "%s contracts (notional %.2f) is below the minimum of %s contracts and %.2f notional",
                sized, exchange.notional(sized, price), exchange.minQty(), exchange.minNotional()));
    }

    /** Rules 1 and 10: a stop given on the losing side that the tick grid puts onto the price or past it. */
    private void rejectStopRoundedOntoPrice() {
        violate(PolicyRule.STOP_ROUNDED_ONTO_PRICE, "STOP_WRONG_SIDE", Format.of(
                "Stop %s rounded to the tick %s towards the price is %s, not on the losing side of the %s price %s",
                givenStop, exchange.tickSize(), stop, side, price(price)));
    }

    /**
     * Rules 9, 2 and 5 with 10: every cap that on its own leaves less than the exchange minimum is reported, each with
     * its own numbers (in file order: Portfolio.drl, RiskBudget.drl, Sizing.drl). The add cap's code is
     * BELOW_MIN_SIZE, raised here only when the order as sized was not already below the minimum.
     */
    private void rejectCapsTooSmall(boolean add) {
        if (!Double.isNaN(portfolioCap) && exchange.belowMinimum(portfolioCap, price)) {
            double cap = limits.portfolioRiskPct() * equity;
            violate(PolicyRule.PORTFOLIO_REJECT, "PORTFOLIO_RISK_EXCEEDED", Format.of(
                    "Portfolio risk cap %.2f (%s %% of equity %.2f): %.2f already at risk in other positions, "
                            + "%.2f left, %.2f wanted", cap, limits.portfolioRiskPct() * 100, equity, otherRisk,
                    Math.max(0, riskLeft(cap - otherRisk)), wantedRisk));
        }
        if (!Double.isNaN(budgetCap) && exchange.belowMinimum(budgetCap, price)) {
            double budget = limits.riskPct() * equity;
            violate(PolicyRule.BUDGET_REJECT, "RISK_BUDGET_EXCEEDED", Format.of(
                    "Risk %.2f wanted, %.2f left of the budget %.2f (%s %% of equity %.2f): less than the minimum "
                            + "order", wantedRisk, Math.max(0, riskLeft(budget)), budget, limits.riskPct() * 100,
                    equity));
        }
        if (add && !Double.isNaN(addCap) && exchange.belowMinimum(addCap, price)
                && !exchange.belowMinimum(sized, price)) {
            violate(PolicyRule.ADD_CAP_REJECT, "BELOW_MIN_SIZE", Format.of(
                    "One add may risk at most %.2f (%s x the initial-entry risk): %s contracts (notional %.2f) is "
                            + "below the minimum of %s contracts and %.2f notional", addRiskCap(),
                    limits.maxAddRiskMultiple(), addCap, exchange.notional(addCap, price), exchange.minQty(),
                    exchange.minNotional()));
        }
    }

    // ---- the ticket's risk figures, all at the ticket's stop (for an ADD, the new stop of the whole position) ----

    private double riskPerContract() {
        return exchange.contractSize() * s * (price - stop);
    }

    /** The held position's risk at the ticket's stop; negative when that stop locks in profit. */
    private double heldRisk() {
        return heldQuantity * exchange.contractSize() * s * (heldAverage - stop);
    }

    private double riskLeft(double allowance) {
        return allowance < 0 ? 0 : allowance - heldRisk(); // open risk is never negative: a spent cap leaves nothing
    }

    private double quantityForRisk(double risk) {
        return exchange.floorQuantity(risk / riskPerContract());
    }

    private double quantityFitting(double allowance) {
        return quantityForRisk(riskLeft(allowance));
    }

    private double filled() {
        return Double.isNaN(quantity) ? 0 : quantity;
    }

    private double quantityAfter() {
        return heldQuantity + filled();
    }

    private double averageAfter() {
        return averageAfter(filled());
    }

    private double averageAfter(double contracts) {
        double after = heldQuantity + contracts;
        return heldQuantity == 0 ? price : (heldQuantity * heldAverage + contracts * price) / after;
    }

    private double openRiskAfter() {
        return Math.max(0, heldRisk() + filled() * riskPerContract());
    }

    /** The liquidation figures measure the order, or the smallest order the exchange takes when it has none. */
    private double liquidationAt(int lev) {
        double contracts = liquidationContracts();
        return exchange.liquidationPrice(side, heldQuantity + contracts, averageAfter(contracts), lev);
    }

    private double liquidationContracts() {
        return quantity > 0 ? quantity : exchange.smallestOrder();
    }

    private boolean liquidationSafeAt(int lev) {
        double liquidation = liquidationAt(lev);
        double average = averageAfter(liquidationContracts());
        return s * (stop - liquidation) >= limits.liquidationBufferPct() * s * (average - liquidation) - 1e-9;
    }

    @Override
    Decision.Metrics metrics(Verdict verdict, List<Decision.Action> placed) {
        if (verdict == Verdict.REJECT) {
            return super.metrics(verdict, placed);
        }
        double average = averageAfter();
        return metrics(openRiskAfter(), liquidationAt(leverage), average,
                exchange.notional(quantityAfter(), average));
    }
}

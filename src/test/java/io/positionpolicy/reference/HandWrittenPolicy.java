package io.positionpolicy.reference;

import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.RequestValidator;
import io.positionpolicy.model.ActionType;
import io.positionpolicy.model.AverageTrueRange;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.IntentType;
import io.positionpolicy.model.Side;
import io.positionpolicy.model.Tier;
import io.positionpolicy.model.Verdict;
import io.positionpolicy.model.facts.Format;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard policy of rules/ written by hand in plain Java, no Drools: the "speed of light" that the rule engine is
 * measured against, and a second reading of the DRL that {@code HandWrittenPolicyTest} holds to the same decisions.
 * Test scope only; the product decides with the DRL.
 *
 * <p>It follows what the shipped DRL actually does (where that differs from POLICY.md, the DRL wins; see the test's
 * Javadoc), and builds the whole {@link Decision}: verdict, actions, violations and adjustments with their rule and
 * message, metrics, and the fired rules. The fired rules are reproduced by name, file and message, in the order Drools
 * fires them: by salience, then by the rule's position in its DRL package, a tie going to the rule outside
 * {@code parameters}. That order is why the steps below come where they do (a cap that fires first decides which
 * violation a too-small order gets, and the order of the adjustments).
 *
 * <p>Only the request validator, the ATR and the message formatter are shared with the product; every policy number
 * and formula is written here again.
 */
public final class HandWrittenPolicy {
    /** One account tier's parameters: rules/parameters/Parameters.drl copied by hand. */
    private record Parameters(PolicyRule rule, double riskPct, double initialRiskPct, double maxAddRiskMultiple,
            int maxAdds, int maxLeverage, double portfolioRiskPct, double maxAtrPct, double liquidationBufferPct,
            double trailAtrMultiple, double[] ladderR, double[] ladderShare) {
    }

    private static final Parameters STANDARD = new Parameters(PolicyRule.PARAMETERS_STANDARD, 0.01, 0.005, 2, 3, 10,
            0.03, 0.05, 0.10, 1.5, new double[] {2, 4}, new double[] {0.50, 0.25});
    private static final Parameters EXPERIENCED = new Parameters(PolicyRule.PARAMETERS_EXPERIENCED, 0.02, 0.005, 2,
            3, 20, 0.06, 0.05, 0.10, 1.5, new double[] {2, 4}, new double[] {0.50, 0.25});
    private static final int ATR_PERIOD = 14;

    // ---- the request, with the documented defaults applied ----
    private final IntentType type;
    private final Side side;
    private final int s;
    private final Parameters limits;
    private final double equity;
    private final double otherRisk;
    private final Exchange exchange;
    private final double lastPrice;
    private final double atr;
    private final EvaluationRequest.Position position;
    private final double price;
    private final double askedQuantity;
    private final double intentStop;
    private final int intentLeverage;

    // ---- the order ticket of an OPEN or ADD as the policy sizes it ----
    private double heldQuantity;
    private double heldAverage;
    private double stop = Double.NaN;
    private double quantity = Double.NaN;
    private int leverage;
    private String basis;
    private double wantedRisk = Double.NaN;
    private String cappedBy;

    // ---- what the decision says ----
    private final List<Decision.FiredRule> fired = new ArrayList<>();
    private final List<Decision.Violation> violations = new ArrayList<>();
    private final List<Decision.Adjustment> adjustments = new ArrayList<>();
    private final List<Decision.Action> actions = new ArrayList<>();
    private boolean requestChanged;

    private HandWrittenPolicy(EvaluationRequest r) {
        EvaluationRequest.Intent intent = r.intent();
        type = intent.type();
        position = r.position();
        side = intent.side() != null ? intent.side() : position.side();
        s = side.sign();
        limits = r.account().tier() == Tier.STANDARD ? STANDARD : EXPERIENCED;
        equity = r.account().equity();
        otherRisk = orElse(r.account().openRiskOtherPositions(), 0);
        exchange = Exchange.of(r.instrument());
        lastPrice = r.market().lastPrice();
        atr = r.market().atr() != null ? r.market().atr() : atrOf(r.market().candles());
        price = orElse(intent.price(), lastPrice);
        askedQuantity = orElse(intent.quantity(), Double.NaN);
        intentStop = orElse(intent.stopPrice(), Double.NaN);
        intentLeverage = intent.leverage() == null ? 0 : intent.leverage();
    }

    /** Decides one request as the shipped rule set does; an invalid request throws as the evaluator's does. */
    public static Decision evaluate(EvaluationRequest request, String evaluationId, String rulesetVersion, Instant at) {
        List<FieldError> errors = RequestValidator.validate(request);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        HandWrittenPolicy policy = new HandWrittenPolicy(request);
        switch (policy.type) {
            case OPEN, ADD -> policy.entry();
            case REDUCE, CLOSE -> policy.traderExit();
            case REVIEW -> policy.review();
        }
        return policy.decision(evaluationId, request.requestId(), rulesetVersion, at);
    }

    // ---- OPEN and ADD: POLICY.md rules 1-10 ----

    private void entry() {
        boolean add = type == IntentType.ADD;
        boolean positionHasStop = position != null && position.stopPrice() != null;
        heldQuantity = add ? position.quantity() : 0;
        heldAverage = add ? position.averageEntryPrice() : 0;
        stop = hasStop(intentStop) ? intentStop : add && positionHasStop ? position.stopPrice() : Double.NaN;
        leverage = intentLeverage > 0 ? intentLeverage : add ? position.leverage() : 0;
        boolean leverageAsked = leverage > 0;

        if (hasStop(stop) && !exchange.onTickGrid(stop)) {
            double rounded = exchange.roundStopTowardsPrice(stop, side);
            adjust(PolicyRule.STOP_OFF_GRID, "stopPrice", stop, rounded, true, Format.of(
                    "Stop %s rounded to the tick %s towards the price: %s", stop, exchange.tickSize(), rounded));
            stop = rounded;
        }
        if (add && !(s * (price - position.averageEntryPrice()) > 0)) {
            violate(PolicyRule.ADD_TO_LOSING, "ADD_TO_LOSING_POSITION", Format.of(
                    "Add at %.2f is not beyond the average entry %.2f in the %s position's favour",
                    price, position.averageEntryPrice(), side));
        }
        fire(limits.rule(), null);
        int adds = add && position.addsCount() != null ? position.addsCount() : 0;
        if (add && adds >= limits.maxAdds()) {
            violate(PolicyRule.MAX_ADDS, "MAX_ADDS_REACHED", Format.of(
                    "The position has had %d adds; at most %d are allowed", adds, limits.maxAdds()));
        }

        // Rule 7: leverage within the tier's cap, never above the instrument's own.
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

        // Rules 3 and 5: size the order, then the caps in the order Drools applies them: portfolio, budget, add cap.
        boolean stopUsable = hasStop(stop) && s * (price - stop) > 0;
        if (stopUsable) {
            size(add);
            double portfolioCap = limits.portfolioRiskPct() * equity;
            if (quantity > quantityFitting(portfolioCap - otherRisk)) {
                double fitting = quantityFitting(portfolioCap - otherRisk);
                adjust(PolicyRule.PORTFOLIO_SHRINK, "quantity", quantity, fitting, true, Format.of(
                        "Portfolio cap %.2f (%s %% of %.2f) with %.2f at risk in other positions leaves %.2f: "
                                + "%s contracts instead of %s", portfolioCap, limits.portfolioRiskPct() * 100, equity,
                        otherRisk, riskLeft(portfolioCap - otherRisk), fitting, quantity));
                quantity = fitting;
                cappedBy = "PORTFOLIO";
            }
            double budget = limits.riskPct() * equity;
            if (quantity > quantityFitting(budget)) {
                double fitting = quantityFitting(budget);
                adjust(PolicyRule.BUDGET_SHRINK, "quantity", quantity, fitting, true, Format.of(
                        "Risk budget %.2f (%s %% of %.2f) leaves %.2f for this order: %s contracts instead of %s",
                        budget, limits.riskPct() * 100, equity, riskLeft(budget), fitting, quantity));
                quantity = fitting;
                cappedBy = "RISK_BUDGET";
            }
            double addCap = limits.maxAddRiskMultiple() * limits.initialRiskPct() * equity;
            if (add && quantity > quantityForRisk(addCap)) {
                double capped = quantityForRisk(addCap);
                adjust(PolicyRule.ADD_CAP, "quantity", quantity, capped, true, Format.of(
                        "One add may risk at most %.2f (%s x the initial-entry risk): %s contracts",
                        addCap, limits.maxAddRiskMultiple(), capped));
                quantity = capped;
                cappedBy = "ADD_CAP";
            }
        }

        // Rules 1, 4 and 6: the stop checks (on the stops as asked) and the volatility guard.
        if (!hasStop(intentStop) && !positionHasStop) {
            violate(PolicyRule.STOP_REQUIRED, "STOP_REQUIRED",
                    "No stop: an entry or add needs a stop price, in the intent or already on the position");
        }
        if (hasStop(intentStop) && s * (price - intentStop) <= 0) {
            violate(PolicyRule.STOP_WRONG_SIDE, "STOP_WRONG_SIDE", Format.of(
                    "Stop %.2f is not on the losing side of the %s price %.2f", intentStop, side, price));
        }
        if (add && !hasStop(intentStop) && positionHasStop && s * (price - position.stopPrice()) <= 0) {
            violate(PolicyRule.STOP_CROSSED, "STOP_WRONG_SIDE", Format.of(
                    "The position's stop %.2f is not on the losing side of the price %.2f",
                    position.stopPrice(), price));
        }
        if (add && hasStop(intentStop) && positionHasStop && s * (intentStop - position.stopPrice()) < 0) {
            violate(PolicyRule.STOP_LOOSENED, "STOP_LOOSENED", Format.of(
                    "New stop %.2f is looser than the current stop %.2f; a stop may only move in the position's "
                            + "favour", intentStop, position.stopPrice()));
        }
        if (atr / price > limits.maxAtrPct()) {
            violate(PolicyRule.VOLATILITY, "VOLATILITY_TOO_HIGH", Format.of(
                    "ATR %.2f is %.2f %% of the price %.2f; the limit is %s %%",
                    atr, 100 * atr / price, price, limits.maxAtrPct() * 100));
        }

        boolean sized = !Double.isNaN(quantity);
        if (sized && quantity > 0 && stopUsable && !liquidationSafeAt(leverage)) {
            keepLiquidationBeyondStop(leverageAsked);
        }
        if (sized && exchange.belowMinimum(quantity, price)) {
            rejectTooSmall();
        }
        if (sized && quantity > 0 && violations.isEmpty() && actions.isEmpty()) {
            ActionType action = add ? ActionType.ADD : ActionType.OPEN;
            act(PolicyRule.PLACE_ORDER, action, quantity, price, stop, leverage, basis, Format.of(
                    "%s %s contracts at %.2f, stop %.2f, leverage %dx: open risk after %.2f",
                    action, quantity, price, stop, leverage, openRiskAfter()));
        }
    }

    private void size(boolean add) {
        if (!Double.isNaN(askedQuantity)) {
            double floored = exchange.floorQuantity(askedQuantity);
            if (floored != askedQuantity) {
                adjust(PolicyRule.SIZE_ASKED, "quantity", askedQuantity, floored, true, Format.of(
                        "%s contracts floored to the quantity step %s: %s", askedQuantity, exchange.qtyStep(), floored));
            } else {
                fire(PolicyRule.SIZE_ASKED, Format.of("%s contracts as asked", floored));
            }
            sizeTo(floored, "ASKED", floored * riskPerContract());
        } else if (!add) {
            double risk = limits.initialRiskPct() * equity;
            double sized = quantityForRisk(risk);
            fire(PolicyRule.SIZE_OPEN, Format.of("%s contracts: risk %.2f (%s %% of equity %.2f) at %.2f per contract",
                    sized, risk, limits.initialRiskPct() * 100, equity, riskPerContract()));
            sizeTo(sized, "INITIAL_RISK", risk);
        } else {
            double entryAtr = orElse(position.entryAtr(), atr);
            double initialRisk = limits.initialRiskPct() * equity;
            double wanted = initialRisk * (entryAtr / atr);
            double cap = limits.maxAddRiskMultiple() * limits.initialRiskPct() * equity;
            double risk = Math.min(wanted, cap);
            double sized = quantityForRisk(risk);
            fire(PolicyRule.SIZE_ADD, Format.of(
                    "%s contracts: add risk %.2f (%.2f x entry ATR %.2f / ATR %.2f, cap %.2f) at %.2f per contract",
                    sized, risk, initialRisk, entryAtr, atr, cap, riskPerContract()));
            sizeTo(sized, "VOLATILITY_ADD", risk);
        }
    }

    private void sizeTo(double contracts, String sizingBasis, double risk) {
        quantity = contracts;
        basis = sizingBasis;
        wantedRisk = risk;
    }

    /** Rule 8: the highest whole leverage not above the current one that keeps the stop before liquidation. */
    private void keepLiquidationBeyondStop(boolean leverageAsked) {
        double buffer = limits.liquidationBufferPct();
        for (int safe = leverage; safe >= 1; safe--) {
            if (liquidationSafeAt(safe)) {
                adjust(PolicyRule.LIQUIDATION_LOWER, "leverage", leverage, safe, leverageAsked, Format.of(
                        "At %dx liquidation (%.2f) comes too close to the stop %.2f (buffer %s %%): %dx keeps it clear",
                        leverage, liquidationAt(leverage), stop, buffer * 100, safe));
                leverage = safe;
                return;
            }
        }
        violate(PolicyRule.LIQUIDATION_REJECT, "STOP_BEYOND_LIQUIDATION", Format.of(
                "Even at 1x the position would be liquidated before (or too close to) the stop %.2f", stop));
    }

    /** Rules 2, 9 and 10: a quantity a cap cut below the exchange minimum is rejected in the cap's name. */
    private void rejectTooSmall() {
        if ("PORTFOLIO".equals(cappedBy)) {
            double cap = limits.portfolioRiskPct() * equity;
            violate(PolicyRule.PORTFOLIO_REJECT, "PORTFOLIO_RISK_EXCEEDED", Format.of(
                    "Portfolio risk cap %.2f (%s %% of equity %.2f): %.2f already at risk in other positions, "
                            + "%.2f left, %.2f wanted", cap, limits.portfolioRiskPct() * 100, equity, otherRisk,
                    Math.max(0, riskLeft(cap - otherRisk)), wantedRisk));
        } else if ("RISK_BUDGET".equals(cappedBy)) {
            double budget = limits.riskPct() * equity;
            violate(PolicyRule.BUDGET_REJECT, "RISK_BUDGET_EXCEEDED", Format.of(
                    "Risk %.2f wanted, %.2f left of the budget %.2f (%s %% of equity %.2f): less than the minimum "
                            + "order", wantedRisk, Math.max(0, riskLeft(budget)), budget, limits.riskPct() * 100,
                    equity));
        } else {
            violate(PolicyRule.BELOW_MINIMUM, "BELOW_MIN_SIZE", Format.of(
                    "%s contracts (notional %.2f) is below the minimum of %s contracts and %.2f notional",
                    quantity, exchange.notional(quantity, price), exchange.minQty(), exchange.minNotional()));
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
        return allowance - heldRisk();
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
        double after = quantityAfter();
        return after == 0 ? price : (heldQuantity * heldAverage + filled() * price) / after;
    }

    private double openRiskAfter() {
        return Math.max(0, heldRisk() + filled() * riskPerContract());
    }

    private double liquidationAt(int lev) {
        return exchange.liquidationPrice(side, quantityAfter(), averageAfter(), lev);
    }

    private boolean liquidationSafeAt(int lev) {
        double liquidation = liquidationAt(lev);
        return s * (stop - liquidation) >= limits.liquidationBufferPct() * s * (averageAfter() - liquidation) - 1e-9;
    }

    // ---- REDUCE and CLOSE: never blocked, only floored to the step; a reduce leaving dust closes instead ----

    private void traderExit() {
        double held = position.quantity();
        PolicyRule rule = type == IntentType.CLOSE ? PolicyRule.TRADER_CLOSE
                : closesInstead() ? PolicyRule.TRADER_REDUCE_CLOSES : PolicyRule.TRADER_REDUCE;
        // Same salience: Drools goes by each rule's place in its package (close 0, reduce 1, close instead 2;
        // parameters STANDARD 0, EXPERIENCED 1), and on a tie the exits rule fires first.
        int exitPlace = rule == PolicyRule.TRADER_CLOSE ? 0 : rule == PolicyRule.TRADER_REDUCE ? 1 : 2;
        int parametersPlace = limits == STANDARD ? 0 : 1;
        if (parametersPlace < exitPlace) {
            fire(limits.rule(), null);
        }
        String close = Format.of("Close all %s contracts", held);
        if (rule == PolicyRule.TRADER_CLOSE) {
            act(rule, ActionType.CLOSE, held, Double.NaN, Double.NaN, 0, "TRADER_CLOSE", close);
        } else if (rule == PolicyRule.TRADER_REDUCE) {
            double floored = exchange.floorQuantity(askedQuantity);
            String reduce = Format.of("Reduce by %s of %s contracts", floored, held);
            if (floored != askedQuantity) {
                String note = Format.of("%s contracts floored to the quantity step %s: %s",
                        askedQuantity, exchange.qtyStep(), floored);
                adjustments.add(new Decision.Adjustment("quantity", askedQuantity, floored, rule.title, note));
                requestChanged = true;
                reduce = note + "; " + reduce;
            }
            act(rule, ActionType.REDUCE, floored, Double.NaN, Double.NaN, 0, "TRADER_REDUCE", reduce);
        } else {
            if (askedQuantity != held) {
                String note = Format.of(
                        "Reducing %s of %s contracts would leave less than the minimum order: close all instead",
                        askedQuantity, held);
                adjustments.add(new Decision.Adjustment("quantity", askedQuantity, held, rule.title, note));
                requestChanged = true;
                close = note + "; " + close;
            }
            act(rule, ActionType.CLOSE, held, Double.NaN, Double.NaN, 0, "TRADER_REDUCE", close);
        }
        if (parametersPlace >= exitPlace) {
            fire(limits.rule(), null);
        }
    }

    private boolean closesInstead() {
        double floored = exchange.floorQuantity(askedQuantity);
        return floored >= position.quantity() || exchange.belowMinimum(position.quantity() - floored, price);
    }

    // ---- REVIEW: POLICY.md rules 11-13 ----

    private void review() {
        double held = position.quantity();
        double peak = Math.max(orElse(position.peakQuantity(), held), held);
        double currentStop = orElse(position.stopPrice(), Double.NaN);
        int tiersTaken = position.tiersTaken() == null ? 0 : position.tiersTaken();

        if (hasStop(currentStop) && s * (lastPrice - currentStop) <= 0) {
            act(PolicyRule.STOP_HIT, ActionType.CLOSE, held, Double.NaN, Double.NaN, 0, "STOP_HIT", Format.of(
                    "Last price %.2f has reached the stop %.2f: close all %s contracts", lastPrice, currentStop, held));
            fire(limits.rule(), null);
            return;
        }
        fire(limits.rule(), null);

        double[][] ladder = ladder(currentStop);
        boolean closed = false;
        while (tiersTaken < ladder.length && s * (lastPrice - ladder[tiersTaken][0]) >= 0) {
            int tier = tiersTaken + 1;
            double target = ladder[tiersTaken][0];
            double share = ladder[tiersTaken][1];
            double take = Math.min(Math.max(exchange.floorQuantity(share * peak), exchange.minQty()), held);
            double rest = held - take;
            if (rest <= Exchange.EPSILON || exchange.belowMinimum(rest, lastPrice)) {
                act(PolicyRule.TIER_CLOSE, ActionType.CLOSE, held, Double.NaN, Double.NaN, 0,
                        "TAKE_PROFIT_TIER_" + tier, Format.of("Tier %d at %.2f reached: reducing by %s would leave "
                                + "less than the minimum, so close all %s contracts", tier, target, take, held));
                closed = true;
                break;
            }
            act(PolicyRule.TIER_REDUCE, ActionType.REDUCE, take, Double.NaN, Double.NaN, 0,
                    "TAKE_PROFIT_TIER_" + tier, Format.of(
                            "Tier %d at %.2f reached (last %.2f): reduce %s contracts, %s %% of the peak %s",
                            tier, target, lastPrice, take, share * 100, peak));
            held = exchange.floorQuantity(held - take);
            tiersTaken++;
        }

        if (!closed && tiersTaken >= 1) {
            double best = s > 0 ? Math.max(orElse(position.highestPrice(),
                    Math.max(position.averageEntryPrice(), lastPrice)), lastPrice)
                    : Math.min(orElse(position.lowestPrice(),
                    Math.min(position.averageEntryPrice(), lastPrice)), lastPrice);
            double distance = limits.trailAtrMultiple() * atr;
            double trailed = exchange.roundStopTowardsPrice(best - s * distance, side);
            boolean tighter = !hasStop(currentStop) || s * (trailed - currentStop) > Exchange.EPSILON;
            if (tighter && s * (lastPrice - trailed) > 0) {
                act(PolicyRule.TRAILING_STOP, ActionType.MOVE_STOP, Double.NaN, Double.NaN, trailed, 0,
                        "TRAILING_STOP", Format.of("Best price %.2f - %s x ATR %.2f = %.2f, tighter than the stop %.2f",
                                best, limits.trailAtrMultiple(), atr, trailed, currentStop));
            }
        }
    }

    /**
     * The take-profit ladder as {price, share} pairs, nearest first: the position's own, or the default one at
     * {@code +k·R} from the first entry (none when R is unknown or zero).
     */
    private double[][] ladder(double currentStop) {
        List<EvaluationRequest.TakeProfit> own = position.takeProfits();
        if (own != null && !own.isEmpty()) {
            double[][] ladder = new double[own.size()][];
            for (int i = 0; i < ladder.length; i++) {
                ladder[i] = new double[] {own.get(i).price(), own.get(i).share()};
            }
            // Nearest first; a stable sort keeps equal prices in the request's order.
            java.util.Arrays.sort(ladder, (a, b) -> s > 0 ? Double.compare(a[0], b[0]) : Double.compare(b[0], a[0]));
            return ladder;
        }
        double first = orElse(position.firstEntryPrice(), position.averageEntryPrice());
        double r = Math.abs(first - orElse(position.initialStopPrice(), currentStop));
        if (!(r > 0)) {
            return new double[0][];
        }
        double[][] ladder = new double[limits.ladderR().length][];
        StringBuilder prices = new StringBuilder();
        for (int k = 0; k < ladder.length; k++) {
            double target = first + s * limits.ladderR()[k] * r;
            ladder[k] = new double[] {target, limits.ladderShare()[k]};
            prices.append(Format.of(" %sR=%.2f (%s %%)", limits.ladderR()[k], target, limits.ladderShare()[k] * 100));
        }
        fire(PolicyRule.DEFAULT_LADDER, "Default ladder, R = " + Format.of("%.2f:", r) + prices);
        return ladder;
    }

    // ---- the decision: verdict, actions, and the risk metrics after it ----

    private Decision decision(String evaluationId, String requestId, String version, Instant at) {
        if (type != IntentType.REVIEW && violations.isEmpty() && actions.isEmpty()) {
            violations.add(new Decision.Violation("NO_DECISION", "engine",
                    "The rule set produced neither an order nor a violation for this " + type));
        }
        Verdict verdict;
        if (type == IntentType.REVIEW) {
            verdict = actions.isEmpty() ? Verdict.HOLD : Verdict.ACT;
        } else if (!violations.isEmpty()) {
            verdict = Verdict.REJECT;
        } else {
            verdict = requestChanged ? Verdict.ADJUST : Verdict.APPROVE;
        }
        List<Decision.Action> placed = verdict == Verdict.REJECT ? List.of() : List.copyOf(actions);
        return new Decision(evaluationId, requestId, version, at, verdict, placed, List.copyOf(violations),
                List.copyOf(adjustments), metrics(verdict, placed), List.copyOf(fired));
    }

    private Decision.Metrics metrics(Verdict verdict, List<Decision.Action> placed) {
        double cs = exchange.contractSize();
        boolean positionHasStop = position != null && position.stopPrice() != null;
        double before = position == null ? 0 : !positionHasStop ? Double.NaN
                : Math.max(0, position.quantity() * cs * position.side().sign()
                        * (position.averageEntryPrice() - position.stopPrice()));
        double after = before;
        double liquidation = Double.NaN;
        double average = position == null ? Double.NaN : position.averageEntryPrice();
        double notional = position == null ? 0 : exchange.notional(position.quantity(), average);
        if (type.isEntry() && verdict != Verdict.REJECT) {
            after = openRiskAfter();
            liquidation = liquidationAt(leverage);
            average = averageAfter();
            notional = exchange.notional(quantityAfter(), average);
        } else if (position != null) {
            double remaining = position.quantity();
            double stopAfter = orElse(position.stopPrice(), Double.NaN);
            for (Decision.Action a : placed) {
                switch (a.type()) {
                    case CLOSE -> remaining = 0;
                    case REDUCE -> remaining -= a.quantity();
                    case MOVE_STOP -> stopAfter = a.stopPrice();
                    default -> { }
                }
            }
            remaining = Math.max(0, remaining);
            if (remaining <= 0) {
                after = 0;
            } else {
                after = Double.isNaN(stopAfter) ? Double.NaN : Math.max(0, remaining * cs * position.side().sign()
                        * (position.averageEntryPrice() - stopAfter));
                liquidation = exchange.liquidationPrice(position.side(), remaining, position.averageEntryPrice(),
                        position.leverage());
            }
            notional = exchange.notional(remaining, average);
        }
        return new Decision.Metrics(cents(limits.riskPct() * equity), cents(before), cents(after),
                Double.isFinite(after) ? Math.round(after / equity * 100 * 10_000) / 10_000.0 : null,
                cents(liquidation), finite(average), cents(notional), finite(atr));
    }

    // ---- recording what fired ----

    private void fire(PolicyRule rule, String message) {
        fired.add(new Decision.FiredRule(rule.title, rule.file, message));
    }

    private void violate(PolicyRule rule, String code, String message) {
        violations.add(new Decision.Violation(code, rule.title, message));
        fire(rule, message);
    }

    private void adjust(PolicyRule rule, String field, double from, double to, boolean changesRequest,
            String message) {
        adjustments.add(new Decision.Adjustment(field, from, to, rule.title, message));
        requestChanged |= changesRequest;
        fire(rule, message);
    }

    private void act(PolicyRule rule, ActionType action, double contracts, double at, double stopPrice, int lev,
            String reason, String message) {
        actions.add(new Decision.Action(action, finite(contracts), finite(at), finite(stopPrice),
                lev > 0 ? lev : null, reason));
        fire(rule, message);
    }

    // ---- small helpers ----

    private static double atrOf(List<EvaluationRequest.Candle> candles) {
        if (candles == null) {
            return Double.NaN;
        }
        AverageTrueRange atr = new AverageTrueRange(ATR_PERIOD);
        candles.forEach(c -> atr.update(c.high(), c.low(), c.close()));
        return atr.value();
    }

    private static boolean hasStop(double stopPrice) {
        return !Double.isNaN(stopPrice);
    }

    private static double orElse(Double value, double fallback) {
        return value != null ? value : fallback;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Double cents(double value) {
        return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : null;
    }
}

package io.positionpolicy.reference;

import io.positionpolicy.model.ActionType;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.IntentType;
import io.positionpolicy.model.facts.Format;
import java.util.Arrays;
import java.util.List;

/**
 * The position's own life, as rules/exits and rules/management decide it: the trader's REDUCE and CLOSE (never
 * blocked, only floored to the step; a reduce that would leave less than the minimum closes instead), and REVIEW
 * (POLICY.md rules 11-13: a hit stop closes everything, a crossed trailing stop too, take-profit tiers reduce, the
 * stop trails once a tier is taken). The parameters come first (phase PARAMETERS), then the phases of each intent.
 */
final class ManagementRules extends Evaluation {
    ManagementRules(EvaluationRequest request) {
        super(request);
    }

    @Override
    void apply() {
        if (type == IntentType.REVIEW) {
            review();
        } else {
            traderExit();
        }
    }

    private void traderExit() {
        double held = position.quantity();
        PolicyRule rule = type == IntentType.CLOSE ? PolicyRule.TRADER_CLOSE
                : closesInstead() ? PolicyRule.TRADER_REDUCE_CLOSES : PolicyRule.TRADER_REDUCE;
        fire(limits.rule(), null);
        String close = Format.of("Close all %s contracts", held);
        if (rule == PolicyRule.TRADER_CLOSE) {
            if (!Double.isNaN(askedQuantity) && askedQuantity != held) {
                String note = Format.of(
                        "A CLOSE closes the whole position: %s contracts, not the %s asked (a REDUCE takes part of it)",
                        held, askedQuantity);
                adjustWithoutFiring(rule, "quantity", askedQuantity, held, note);
                close = note + "; " + close;
            }
            act(rule, ActionType.CLOSE, held, Double.NaN, Double.NaN, 0, "TRADER_CLOSE", close);
        } else if (rule == PolicyRule.TRADER_REDUCE) {
            double floored = exchange.floorQuantity(askedQuantity);
            double qty = exchange.exitQuantity(askedQuantity);
            String reduce = Format.of("Reduce by %s of %s contracts", qty, held);
            if (qty != askedQuantity) {
                String note = qty == floored
                        ? Format.of("%s contracts floored to the quantity step %s: %s",
                                askedQuantity, exchange.qtyStep(), qty)
                        : Format.of("%s contracts floored to the quantity step %s is %s, less than the smallest order: %s",
                                askedQuantity, exchange.qtyStep(), floored, qty);
                adjustWithoutFiring(rule, "quantity", askedQuantity, qty, note);
                reduce = note + "; " + reduce;
            }
            act(rule, ActionType.REDUCE, qty, Double.NaN, Double.NaN, 0, "TRADER_REDUCE", reduce);
        } else {
            if (askedQuantity != held) {
                String note = Format.of(
                        "Reducing %s of %s contracts would leave less than the minimum order: close all instead",
                        askedQuantity, held);
                adjustWithoutFiring(rule, "quantity", askedQuantity, held, note);
                close = note + "; " + close;
            }
            act(rule, ActionType.CLOSE, held, Double.NaN, Double.NaN, 0, "TRADER_REDUCE", close);
        }
    }

    private boolean closesInstead() {
        double qty = exchange.exitQuantity(askedQuantity);
        return qty >= position.quantity() || exchange.belowMinimum(position.quantity() - qty, price);
    }

    // ---- REVIEW ----

    private void review() {
        double held = position.quantity();
        double peak = Math.max(orElse(position.peakQuantity(), held), held);
        double currentStop = orElse(position.stopPrice(), Double.NaN);
        int tiersTaken = position.tiersTaken() == null ? 0 : position.tiersTaken();

        fire(limits.rule(), null);
        if (hasStop(currentStop) && s * (lastPrice - currentStop) <= 0) {
            act(PolicyRule.STOP_HIT, ActionType.CLOSE, held, Double.NaN, Double.NaN, 0, "STOP_HIT", Format.of(
                    "Last price %s has reached the stop %s: close all %s contracts", price(lastPrice),
                    price(currentStop), held));
            return;
        }

        double[][] ladder = ladder(currentStop);
        if (trailingStopCrossed(ladder, tiersTaken, held)) {
            return;
        }
        boolean closed = false;
        while (tiersTaken < ladder.length && s * (lastPrice - ladder[tiersTaken][0]) >= 0) {
            int tier = tiersTaken + 1;
            double target = ladder[tiersTaken][0];
            double share = ladder[tiersTaken][1];
            double take = Math.min(exchange.exitQuantity(share * peak), held);
            double rest = held - take;
            if (rest <= Exchange.EPSILON || exchange.belowMinimum(rest, lastPrice)) {
                act(PolicyRule.TIER_CLOSE, ActionType.CLOSE, held, Double.NaN, Double.NaN, 0,
                        "TAKE_PROFIT_TIER_" + tier, Format.of("Tier %d at %s reached: reducing by %s would leave "
                                + "less than the minimum, so close all %s contracts", tier, price(target), take, held));
                closed = true;
                break;
            }
            act(PolicyRule.TIER_REDUCE, ActionType.REDUCE, take, Double.NaN, Double.NaN, 0,
                    "TAKE_PROFIT_TIER_" + tier, Format.of(
                            "Tier %d at %s reached (last %s): reduce %s contracts, %s %% of the peak %s",
                            tier, price(target), price(lastPrice), take, share * 100, peak));
            held = exchange.floorQuantity(held - take);
            tiersTaken++;
        }

        if (!closed && tiersTaken >= 1) {
            double best = bestPrice();
            double trailed = trailingStop();
            boolean tighter = !hasStop(currentStop) || s * (trailed - currentStop) > Exchange.EPSILON;
            if (tighter && s * (lastPrice - trailed) > 0) {
                act(PolicyRule.TRAILING_STOP, ActionType.MOVE_STOP, Double.NaN, Double.NaN, trailed, 0,
                        "TRAILING_STOP", Format.of("Best price %s %s %s x ATR %s = %s, ", price(best),
                                trailSign(), limits.trailAtrMultiple(), price(atr), price(trailed))
                                + (hasStop(currentStop) ? Format.of("tighter than the stop %s", price(currentStop))
                                        : "the position had no stop"));
            }
        }
    }

    /** The best price the position has seen, the last one included. */
    private double bestPrice() {
        return s > 0 ? Math.max(orElse(position.highestPrice(), Math.max(position.averageEntryPrice(), lastPrice)),
                lastPrice)
                : Math.min(orElse(position.lowestPrice(), Math.min(position.averageEntryPrice(), lastPrice)), lastPrice);
    }

    /** "-" for a long (the trailing stop sits below the best price), "+" for a short. */
    private String trailSign() {
        return s > 0 ? "-" : "+";
    }

    /** The trailing stop as it would be placed: {@code trailAtrMultiple × ATR} behind the best price, on the tick. */
    private double trailingStop() {
        return exchange.roundStopTowardsPrice(bestPrice() - s * limits.trailAtrMultiple() * atr, side);
    }

    /**
     * Rule 13's last sentence: with trailing active (a tier taken before, or the next tier reached now), a trailing
     * stop at or beyond the last price was hit: close the whole position and do nothing else.
     */
    private boolean trailingStopCrossed(double[][] ladder, int tiersTaken, double held) {
        double trailed = trailingStop();
        if (s * (lastPrice - trailed) > 0) {
            return false;
        }
        if (tiersTaken >= 1) {
            act(PolicyRule.TRAILING_STOP_CROSSED, ActionType.CLOSE, held, Double.NaN, Double.NaN, 0,
                    "TRAILING_STOP_HIT", Format.of("Last price %s is at or beyond the trailing stop %s (best price "
                            + "%s %s %s x ATR %s): close all %s contracts", price(lastPrice), price(trailed),
                            price(bestPrice()), trailSign(), limits.trailAtrMultiple(), price(atr), held));
            return true;
        }
        if (ladder.length > 0 && s * (lastPrice - ladder[0][0]) >= 0) {
            act(PolicyRule.TIER_TRAILING_STOP_CROSSED, ActionType.CLOSE, held, Double.NaN, Double.NaN, 0,
                    "TRAILING_STOP_HIT", Format.of("Tier 1 at %s reached, and the last price %s is at or beyond "
                            + "the trailing stop %s (best price %s %s %s x ATR %s): close all %s contracts",
                            price(ladder[0][0]), price(lastPrice), price(trailed), price(bestPrice()), trailSign(),
                            limits.trailAtrMultiple(), price(atr), held));
            return true;
        }
        return false;
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
            Arrays.sort(ladder, (a, b) -> s > 0 ? Double.compare(a[0], b[0]) : Double.compare(b[0], a[0]));
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
            prices.append(Format.of(" %sR=%s (%s %%)", limits.ladderR()[k], price(target),
                    limits.ladderShare()[k] * 100));
        }
        fire(PolicyRule.DEFAULT_LADDER, "Default ladder, R = " + price(r) + ":" + prices);
        return ladder;
    }
}

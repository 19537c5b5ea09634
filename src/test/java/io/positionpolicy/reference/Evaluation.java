package io.positionpolicy.reference;

import io.positionpolicy.model.ActionType;
import io.positionpolicy.model.AverageTrueRange;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.IntentType;
import io.positionpolicy.model.Side;
import io.positionpolicy.model.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One hand-written evaluation: the request with the documented defaults applied, what the policy's rules did to it
 * (fired rules, violations, adjustments, actions), and the decision assembled from that as the service assembles it.
 * {@link EntryRules} and {@link ManagementRules} fill it in.
 */
abstract class Evaluation {
    private static final int ATR_PERIOD = 14;

    // ---- the request, with the documented defaults applied ----
    final IntentType type;
    final Side side;
    final int s;
    final Parameters limits;
    final double equity;
    final double otherRisk;
    final Exchange exchange;
    final double lastPrice;
    final double atr;
    final EvaluationRequest.Position position;
    final double price;
    final double askedQuantity;
    final double intentStop;
    final int intentLeverage;

    // ---- what the rules did ----
    final List<Decision.FiredRule> fired = new ArrayList<>();
    final List<Decision.Violation> violations = new ArrayList<>();
    final List<Decision.Adjustment> adjustments = new ArrayList<>();
    final List<Decision.Action> actions = new ArrayList<>();
    private boolean requestChanged;

    Evaluation(EvaluationRequest r) {
        EvaluationRequest.Intent intent = r.intent();
        type = intent.type();
        position = r.position();
        side = intent.side() != null ? intent.side() : position.side();
        s = side.sign();
        limits = Parameters.of(r.account().tier());
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

    /** Applies the policy's rules to the request, recording what they do. */
    abstract void apply();

    final Decision decide(String evaluationId, String requestId, String version, Instant at) {
        apply();
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

    /** The risk figures after the decision: the position's as the placed actions leave it. */
    Decision.Metrics metrics(Verdict verdict, List<Decision.Action> placed) {
        if (position == null) {
            return metrics(0, Double.NaN, Double.NaN, 0);
        }
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
        double average = position.averageEntryPrice();
        if (remaining <= 0) {
            return metrics(0, Double.NaN, average, 0);
        }
        double after = Double.isNaN(stopAfter) ? Double.NaN
                : Math.max(0, remaining * exchange.contractSize() * position.side().sign() * (average - stopAfter));
        return metrics(after, exchange.liquidationPrice(position.side(), remaining, average, position.leverage()),
                average, exchange.notional(remaining, average));
    }

    /**
     * Money rounded to cents, the risk share to 4 decimals of a percent and the liquidation price to cents or the tick's
     * decimals where the tick is finer, for display only.
     */
    final Decision.Metrics metrics(double after, double liquidation, double average, double notional) {
        double before = position == null ? 0 : position.stopPrice() == null ? Double.NaN
                : Math.max(0, position.quantity() * exchange.contractSize() * position.side().sign()
                        * (position.averageEntryPrice() - position.stopPrice()));
        return new Decision.Metrics(cents(limits.riskPct() * equity), cents(before), cents(after),
                round(after / equity * 100, 4), round(liquidation, priceDecimals()), finite(average), cents(notional),
                finite(atr));
    }

    // ---- recording what fired; a rule's message is what its outcome says ----

    final void fire(PolicyRule rule, String message) {
        fired.add(new Decision.FiredRule(rule.title, rule.file, message));
    }

    final void violate(PolicyRule rule, String code, String message) {
        violations.add(new Decision.Violation(code, rule.title, message));
        fire(rule, message);
    }

    final void adjust(PolicyRule rule, String field, double from, double to, boolean changesRequest, String message) {
        adjustments.add(new Decision.Adjustment(field, from, to, rule.title, message));
        requestChanged |= changesRequest;
        fire(rule, message);
    }

    /** A change to the request made by a rule whose one firing also places an action (the trader's exits). */
    final void adjustWithoutFiring(PolicyRule rule, String field, double from, double to, String message) {
        adjustments.add(new Decision.Adjustment(field, from, to, rule.title, message));
        requestChanged = true;
    }

    final void act(PolicyRule rule, ActionType action, double contracts, double at, double stopPrice, int lev,
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
        AverageTrueRange range = new AverageTrueRange(ATR_PERIOD);
        candles.forEach(c -> range.update(c.high(), c.low(), c.close()));
        return range.value();
    }

    static boolean hasStop(double stopPrice) {
        return !Double.isNaN(stopPrice);
    }

    static double orElse(Double value, double fallback) {
        return value != null ? value : fallback;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Double cents(double value) {
        return round(value, 2);
    }

    private int priceDecimals() {
        return Math.max(2, BigDecimal.valueOf(exchange.tickSize()).stripTrailingZeros().scale());
    }

    /**
     * A price (or a distance between prices: ATR, R, risk per contract) as the messages write it: to cents, or to the
     * tick's decimals where the tick is finer. Money stays {@code %.2f}.
     */
    final String price(double value) {
        return String.format(Locale.ROOT, "%." + priceDecimals() + "f", value);
    }

    /** Half up, from the number's shortest decimal form (as the messages round). */
    private static Double round(double value, int decimals) {
        return Double.isFinite(value)
                ? BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue()
                : null;
    }
}

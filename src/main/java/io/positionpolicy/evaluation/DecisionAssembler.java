package io.positionpolicy.evaluation;

import io.positionpolicy.model.Decision;
import io.positionpolicy.model.IntentType;
import io.positionpolicy.model.Verdict;
import io.positionpolicy.model.facts.Action;
import io.positionpolicy.model.facts.Instrument;
import io.positionpolicy.model.facts.Limits;
import io.positionpolicy.model.facts.Order;
import io.positionpolicy.model.facts.Position;
import io.positionpolicy.model.ActionType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the rules produced into a {@link Decision}: the verdict (any violation rejects; an adjustment of what was
 * asked makes it ADJUST; a REVIEW acts or holds), the actions, and the risk metrics after the decision.
 */
final class DecisionAssembler {
    /** Raised when an entry ends with neither an order nor a violation: the rule set left the intent undecided. */
    static final String NO_DECISION = "NO_DECISION";

    private DecisionAssembler() {
    }

    static Decision assemble(String evaluationId, String requestId, String version, Instant at, Facts facts,
            FiringRecorder recorder) {
        List<Decision.Violation> violations = new ArrayList<>();
        recorder.violations().forEach(v -> violations.add(
                new Decision.Violation(v.fact().code(), v.rule(), v.fact().message())));
        List<Decision.Adjustment> adjustments = recorder.adjustments().stream()
                .map(a -> new Decision.Adjustment(a.fact().field(), a.fact().from(), a.fact().to(), a.rule(),
                        a.fact().message()))
                .toList();
        IntentType type = facts.intent().getType();
        if (type != IntentType.REVIEW && violations.isEmpty() && recorder.actions().isEmpty()) {
            violations.add(new Decision.Violation(NO_DECISION, "engine",
                    "The rule set produced neither an order nor a violation for this " + type));
        }
        Verdict verdict = verdict(type, violations, recorder);
        List<Action> actions = verdict == Verdict.REJECT ? List.of() : recorder.actions();
        return new Decision(evaluationId, requestId, version, at, verdict,
                actions.stream().map(DecisionAssembler::action).toList(), List.copyOf(violations), adjustments,
                metrics(facts, recorder.limits(), verdict, actions), List.copyOf(recorder.fired()), notes(recorder),
                states(facts));
    }

    private static List<Decision.Note> notes(FiringRecorder recorder) {
        return recorder.notes().isEmpty() ? null : recorder.notes().stream()
                .map(n -> new Decision.Note(n.fact().code(), n.rule(), n.fact().message()))
                .toList();
    }

    /** The states the decision was made under: recorded with it, whatever the rules made of them. */
    private static List<Decision.AppliedState> states(Facts facts) {
        return facts.tradingStates().isEmpty() ? null : facts.tradingStates().stream()
                .map(s -> new Decision.AppliedState(s.scope(), s.accountId(), s.symbol(), s.status(), s.reason(),
                        s.setBy(), s.since()))
                .toList();
    }

    private static Verdict verdict(IntentType type, List<Decision.Violation> violations, FiringRecorder recorder) {
        if (type == IntentType.REVIEW) {
            return recorder.actions().isEmpty() ? Verdict.HOLD : Verdict.ACT;
        }
        if (!violations.isEmpty()) {
            return Verdict.REJECT;
        }
        boolean adjusted = recorder.adjustments().stream().anyMatch(a -> a.fact().changesRequest());
        return adjusted ? Verdict.ADJUST : Verdict.APPROVE;
    }

    private static Decision.Action action(Action a) {
        return new Decision.Action(a.type(), number(a.quantity()), number(a.price()), number(a.stopPrice()),
                a.leverage() > 0 ? a.leverage() : null, a.reason());
    }

    private static Decision.Metrics metrics(Facts facts, Limits limits, Verdict verdict, List<Action> actions) {
        Instrument instrument = facts.instrument();
        Position position = facts.position();
        double equity = facts.account().getEquity();
        double budget = limits == null ? Double.NaN : limits.getRiskPct() * equity;
        double before = position == null ? 0 : position.openRisk(instrument.getContractSize());

        double after = before;
        double liquidation = Double.NaN;
        double averageAfter = position == null ? Double.NaN : position.getAverageEntryPrice();
        double notionalAfter = position == null ? 0 : instrument.notional(position.getQuantity(), averageAfter);
        Order order = facts.order();
        if (order != null && verdict != Verdict.REJECT) {
            after = order.getOpenRiskAfter();
            liquidation = order.getLiquidationPrice();
            averageAfter = order.getAverageEntryAfter();
            notionalAfter = instrument.notional(order.getQuantityAfter(), averageAfter);
        } else if (position != null) {
            double remaining = remaining(position, actions);
            double stop = stopAfter(position, actions);
            after = remaining <= 0 || Double.isNaN(stop) ? (remaining <= 0 ? 0 : Double.NaN)
                    : Math.max(0, remaining * instrument.getContractSize() * position.getSide().sign()
                            * (position.getAverageEntryPrice() - stop));
            notionalAfter = instrument.notional(remaining, averageAfter);
            liquidation = remaining <= 0 ? Double.NaN
                    : instrument.liquidationPrice(position.getSide(), remaining, position.getAverageEntryPrice(),
                            position.getLeverage());
        }
        return new Decision.Metrics(cents(budget), cents(before), cents(after), percent(after, equity),
                price(liquidation, instrument), number(averageAfter), cents(notionalAfter),
                number(facts.market().getAtr()));
    }

    private static double remaining(Position position, List<Action> actions) {
        double remaining = position.getQuantity();
        for (Action a : actions) {
            if (a.type() == ActionType.CLOSE) {
                remaining = 0;
            } else if (a.type() == ActionType.REDUCE) {
                remaining -= a.quantity();
            }
        }
        return Math.max(0, remaining);
    }

    private static double stopAfter(Position position, List<Action> actions) {
        double stop = position.getStopPrice();
        for (Action a : actions) {
            if (a.type() == ActionType.MOVE_STOP) {
                stop = a.stopPrice();
            }
        }
        return stop;
    }

    private static Double number(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** Rounds a money figure to cents for display. */
    private static Double cents(double value) {
        return rounded(value, 2);
    }

    /**
     * Rounds a price for display: to cents, or to the tick's decimals where the tick is finer, so that an instrument
     * priced below a cent (1000PEPEUSDT at 0.0123456) keeps its figure instead of showing 0.01 whatever the side. The
     * same decimals as the messages' prices ({@link Instrument#price}).
     */
    static Double price(double value, Instrument instrument) {
        return rounded(value, instrument.getPriceDecimals());
    }

    private static Double percent(double risk, double equity) {
        return rounded(risk / equity * 100, 4);
    }

    /** 10^n for the decimals a display rounds to; all exact in a double. */
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15};

    /**
     * Half-up rounding of the shortest decimal form, as the messages round (Format): at any magnitude the input limits
     * allow, where {@code Math.round(value * 100)} stopped at Long.MAX_VALUE (a notional of 1e18 showed 9.2e16).
     *
     * <p>Every decision rounds its metrics, so the common case takes no BigDecimal (a quarter of a microsecond each,
     * 4 % of an evaluation): below 1e9 in the last decimal kept, {@code value × 10^n} is within 1e-7 of the exact
     * product, so unless it lies within 1e-6 of a half the nearest whole number is the half-up rounding of the shortest
     * decimal form too, and dividing it by 10^n (both exact) gives the double nearest to that decimal, as parsing it
     * does. Near a half (1.005, whose double lies just below it) and for larger figures the decimal form decides.
     * {@code DisplayRoundingTest} compares the two on millions of values.
     */
    static Double rounded(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return null;
        }
        if (decimals < POWERS.length) {
            double scaled = value * POWERS[decimals];
            double whole = Math.rint(scaled);
            if (Math.abs(scaled) < 1e9 && Math.abs(Math.abs(scaled - whole) - 0.5) > 1e-6) {
                return whole / POWERS[decimals] + 0.0; // + 0.0: a negative zero shows as 0, as BigDecimal's does
            }
        }
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}

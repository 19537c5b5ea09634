package io.positionpolicy.backtest;

import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.model.AverageTrueRange;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.IntentType;
import io.positionpolicy.model.Side;
import io.positionpolicy.model.Verdict;
import io.positionpolicy.rules.RuleSet;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Replays candles through a rule set exactly as the service decides, next to a baseline on the same signals.
 *
 * <p>Per candle: (1) a gap longer than allowed flattens both books at the last close before it and resets ATR and the
 * breakout window; any gap cancels the pending signal; (2) funding due at 00:00, 08:00 and 16:00 UTC since the
 * previous candle is charged at the open on what was carried (a daily candle pays three); (3) a stop the open gaps
 * through fills at the open; (4) the pending signal is decided at the open (OPEN or ADD through the policy; full-risk entry for the baseline) and fills there; (5) stops (and the baseline's target)
 * fill intrabar at their price; (6) ATR is updated with the candle; (7) the policy reviews the position at the close
 * (take-profit tiers, trailing stop) and its orders fill at the close; (8) the breakout signal is read at the close
 * for the next candle; (9) both books are marked to the close.
 */
public final class Backtester {
    private static final long FUNDING_INTERVAL = 8 * 3_600_000L;
    private static final UUID EVALUATION_ID = new UUID(0, 0);

    private final RuleSet ruleSet;
    private final BacktestSettings settings;
    private final PolicyBook policy;
    private final BaselineBook baseline;
    private AverageTrueRange atr = new AverageTrueRange(14);
    private final ArrayDeque<double[]> window = new ArrayDeque<>();
    private final Map<String, Integer> rejections = new TreeMap<>();
    private long evaluations;
    private long candles;
    private int gaps;
    private int flattenedAtGaps;
    private long interval = Long.MAX_VALUE;
    private Bar previous;
    private Side pending;
    private long firstTime;

    /** The state of both books after a candle, for observers that check the arithmetic. */
    public record Step(long time, double close, BookState policy, BookState baseline) {
    }

    public record BookState(double cash, Side side, double quantity, double averageEntry, double equity) {
    }

    public Backtester(RuleSet ruleSet, BacktestSettings settings) {
        this.ruleSet = ruleSet;
        this.settings = settings;
        double cs = settings.instrument().contractSize();
        this.policy = new PolicyBook(settings.initialEquity(), cs, settings.takerFee());
        this.baseline = new BaselineBook(settings.initialEquity(), cs, settings.takerFee());
    }

    /**
     * Runs the whole file. {@code progress} hears the share read now and then; {@code cancelled} is polled and stops
     * the run with {@link java.util.concurrent.CancellationException}; {@code steps} (may be null) sees every candle.
     */
    public BacktestResult run(CandleFile file, String source, DoubleConsumer progress, BooleanSupplier cancelled,
            Consumer<Step> steps) {
        long started = System.nanoTime();
        Bar bar;
        while ((bar = file.next()) != null) {
            step(bar);
            if (steps != null) {
                steps.accept(new Step(bar.time(), bar.close(), policy.state(bar.close()),
                        baseline.state(bar.close())));
            }
            if ((candles & 4095) == 0) {
                if (cancelled.getAsBoolean()) {
                    throw new java.util.concurrent.CancellationException("cancelled after " + candles + " candles");
                }
                progress.accept(file.progress());
            }
        }
        if (previous != null) {
            policy.flatten(previous.time(), previous.close(), "END_OF_DATA");
            baseline.flatten(previous.time(), previous.close(), "END_OF_DATA");
            policy.equity.mark(previous.time(), policy.cash); // the last exit's fee counts in the final equity
            baseline.equity.mark(previous.time(), baseline.cash);
        }
        progress.accept(1.0);
        long nanos = System.nanoTime() - started;
        return new BacktestResult(source, ruleSet.version(), settings, candles,
                candles > 0 ? Instant.ofEpochMilli(firstTime) : null,
                previous != null ? Instant.ofEpochMilli(previous.time()) : null, gaps, flattenedAtGaps, evaluations,
                Map.copyOf(rejections), policy.result(candles), baseline.result(candles), nanos / 1_000_000,
                nanos > 0 ? candles * 1e9 / nanos : 0);
    }

    private void step(Bar bar) {
        if (previous == null) {
            firstTime = bar.time();
        } else {
            long gap = bar.time() - previous.time();
            if (candles == 1 || gap < interval) {
                interval = Math.min(interval, gap);
            }
            if (gap > interval && candles > 1) {
                gaps++;
                pending = null;
                if (gap > settings.maxGapToCarryMillis()) {
                    if (!policy.flat() || !baseline.flat()) {
                        flattenedAtGaps++;
                    }
                    policy.flatten(previous.time(), previous.close(), "DATA_GAP");
                    baseline.flatten(previous.time(), previous.close(), "DATA_GAP");
                    atr = new AverageTrueRange(14);
                    window.clear();
                }
            }
        }
        candles++;
        double atrBefore = atr.value();

        // every funding time since the previous candle, on what was carried to it: one for an hourly candle at
        // 00:00, three for a daily one, those inside a gap the position was carried over
        long fundings = previous == null ? 0
                : Math.floorDiv(bar.time(), FUNDING_INTERVAL) - Math.floorDiv(previous.time(), FUNDING_INTERVAL);
        if (fundings > 0) {
            policy.fund(bar.open(), fundings * settings.fundingRatePer8h());
            baseline.fund(bar.open(), fundings * settings.fundingRatePer8h());
        }
        policy.stopAtOpen(bar);
        baseline.stopOrTargetAtOpen(bar);
        if (pending != null && !Double.isNaN(atrBefore)) {
            enterPolicy(bar, pending, atrBefore);
            baseline.enter(bar, pending, atrBefore, settings);
        }
        pending = null;
        policy.stopIntrabar(bar);
        baseline.stopOrTargetIntrabar(bar);

        double atrNow = atr.update(bar.high(), bar.low(), bar.close());
        if (!policy.flat() && !Double.isNaN(atrNow)) {
            review(bar, atrNow);
        }
        pending = signal(bar);
        window.addLast(new double[] {bar.high(), bar.low()});
        if (window.size() > settings.breakoutBars()) {
            window.removeFirst();
        }
        policy.mark(bar.time(), bar.close());
        baseline.mark(bar.time(), bar.close());
        previous = bar;
    }

    private Side signal(Bar bar) {
        if (window.size() < settings.breakoutBars()) {
            return null;
        }
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        for (double[] hl : window) {
            high = Math.max(high, hl[0]);
            low = Math.min(low, hl[1]);
        }
        return bar.close() > high ? Side.LONG : bar.close() < low ? Side.SHORT : null;
    }

    private void enterPolicy(Bar bar, Side side, double atrValue) {
        boolean open = policy.flat();
        if (!open && side != policy.side) {
            return; // a breakout against the position: the stop and the trail manage the exit
        }
        double distance = settings.stopAtr() * atrValue;
        double stop = side == Side.LONG ? bar.open() - distance : bar.open() + distance;
        if (!open) {
            stop = side == Side.LONG ? Math.max(stop, policy.stop) : Math.min(stop, policy.stop);
        }
        double equityNow = policy.equityAt(bar.open());
        EvaluationRequest request = new EvaluationRequest(null,
                new EvaluationRequest.Account("backtest", equityNow, settings.tier(), 0.0),
                settings.instrument(),
                open ? null : policy.position(),
                new EvaluationRequest.Market(bar.open(), bar.open(), atrValue, null),
                new EvaluationRequest.Intent(open ? IntentType.OPEN : IntentType.ADD, side, bar.open(), null, stop,
                        open ? null : policy.leverage));
        Decision decision = decide(request);
        if (decision == null) {
            return;
        }
        for (Decision.Action action : decision.actions()) {
            switch (action.type()) {
                case OPEN, ADD -> policy.enterByPolicy(bar.time(), action, side, bar.open(), atrValue,
                        decision.metrics().riskBudget());
                default -> {
                    // an entry decision carries only its entry
                }
            }
        }
    }

    private void review(Bar bar, double atrValue) {
        policy.highest = Math.max(policy.highest, bar.high());
        policy.lowest = Math.min(policy.lowest, bar.low());
        EvaluationRequest request = new EvaluationRequest(null,
                new EvaluationRequest.Account("backtest", policy.equityAt(bar.close()), settings.tier(), 0.0),
                settings.instrument(), policy.position(),
                new EvaluationRequest.Market(bar.close(), bar.close(), atrValue, null),
                new EvaluationRequest.Intent(IntentType.REVIEW, policy.side, null, null, null, null));
        Decision decision = decide(request);
        if (decision == null) {
            return;
        }
        for (Decision.Action action : decision.actions()) {
            switch (action.type()) {
                case REDUCE, CLOSE -> policy.exitByPolicy(bar.time(), bar.close(), action);
                case MOVE_STOP -> policy.stop = action.stopPrice();
                default -> {
                    // a review only exits or moves the stop
                }
            }
            if (policy.flat()) {
                break;
            }
        }
    }

    private Decision decide(EvaluationRequest request) {
        evaluations++;
        try {
            Decision decision = Evaluator.evaluate(ruleSet, request, EVALUATION_ID, Instant.EPOCH);
            if (decision.verdict() == Verdict.REJECT) {
                decision.violations().forEach(v -> rejections.merge(v.code(), 1, Integer::sum));
                return null;
            }
            return decision;
        } catch (InvalidRequestException e) {
            rejections.merge("INVALID_REQUEST", 1, Integer::sum);
            return null;
        }
    }
}

package io.positionpolicy.reference;

import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.EvaluationRequest.Account;
import io.positionpolicy.model.EvaluationRequest.Instrument;
import io.positionpolicy.model.EvaluationRequest.Intent;
import io.positionpolicy.model.EvaluationRequest.MaintenanceTier;
import io.positionpolicy.model.EvaluationRequest.Market;
import io.positionpolicy.model.EvaluationRequest.Position;
import io.positionpolicy.model.EvaluationRequest.TakeProfit;
import io.positionpolicy.model.IntentType;
import io.positionpolicy.model.Side;
import io.positionpolicy.model.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Requests derived from valid seed requests by a seeded {@link Random}: equity, tier, other positions' risk, exchange
 * filters, prices, stops (either side, on and off the tick grid), quantities, leverage, ATR, the position's history and
 * ladder, and the intent type are varied, so that every branch of the policy and its edges (caps that meet, several
 * limits broken at once, orders cut to nothing, stops next to the price, trailing stops already crossed) come up. Most results are valid; the caller decides what to do with the rest.
 */
final class RandomRequests {
    private static final double[] QTY_STEPS = {1, 1, 0.1, 0.001, 5};
    private static final double[] TICKS = {0.1, 0.1, 0.5, 0.01, 1, 0.25};
    private static final Double[] MIN_NOTIONALS = {null, 0.0, 5.0, 5.0, 100.0, 2000.0};
    private static final int[] MAX_LEVERAGES = {5, 8, 20, 50, 125, 125};

    private final Random random;
    private final List<EvaluationRequest> seeds;

    RandomRequests(long seed, List<EvaluationRequest> seeds) {
        this.random = new Random(seed);
        this.seeds = seeds;
    }

    EvaluationRequest next() {
        EvaluationRequest seed = seeds.get(random.nextInt(seeds.size()));
        double lastPrice = seed.market().lastPrice() * factor(0.8, 1.25);
        if (chance(0.3)) {
            lastPrice = Math.round(lastPrice);
        }
        Instrument instrument = instrument(seed.instrument());
        Position position = seed.position() == null ? null : position(seed.position(), lastPrice);
        Side side = position != null ? position.side() : chance(0.5) ? Side.LONG : Side.SHORT;
        return new EvaluationRequest("random", account(seed.account()), instrument, position,
                market(seed.market(), lastPrice), intent(position == null, side, lastPrice, instrument));
    }

    private Account account(Account a) {
        double equity = chance(0.5) ? a.equity() : round(a.equity() * factor(0.01, 20), 2);
        Double others = chance(0.3) ? null : chance(0.5) ? 0.0 : round(equity * random.nextDouble() * 0.07, 2);
        return new Account(a.id(), equity, chance(0.5) ? Tier.STANDARD : Tier.EXPERIENCED, others);
    }

    private Instrument instrument(Instrument i) {
        if (chance(0.5)) {
            return i;
        }
        double step = pick(QTY_STEPS);
        Double minQty = chance(0.3) ? null : chance(0.1) ? 0.0 : step * (1 + random.nextInt(3));
        List<MaintenanceTier> tiers = chance(0.5) ? i.maintenanceTiers()
                : List.of(new MaintenanceTier(0.0, 0.002 + random.nextDouble() * 0.02, 0.0),
                        new MaintenanceTier(10_000.0 * (1 + random.nextInt(10)), 0.025, chance(0.5) ? null : 100.0));
        return new Instrument(i.symbol(), chance(0.8) ? i.contractSize() : pick(new double[] {0.01, 1, 0.0001}),
                step, minQty, pick(TICKS), pick(MIN_NOTIONALS), MAX_LEVERAGES[random.nextInt(MAX_LEVERAGES.length)],
                tiers);
    }

    private Position position(Position p, double lastPrice) {
        // Most seeds are long and in profit: a quarter of the positions turn to the other side, mirrored around the
        // last price so that they are in profit as often (their own ladder, on the wrong side now, is dropped).
        boolean flipped = chance(0.25);
        Side side = flipped ? (p.side() == Side.LONG ? Side.SHORT : Side.LONG) : p.side();
        double average = chance(0.5) ? p.averageEntryPrice() : lastPrice * factor(0.9, 1.1);
        if (flipped) {
            average = lastPrice * lastPrice / average;
        }
        double quantity = chance(0.5) ? p.quantity() : Math.max(1, Math.round(p.quantity() * factor(0.1, 4)));
        Double peak = chance(0.3) ? null : quantity * (chance(0.5) ? 1 : factor(1, 3));
        Double stop = chance(0.1) ? null : round(average * (1 - side.sign() * factor(0.002, 0.15)), 1);
        // The first entry mostly on the losing side of the average (the adds came later, in the trend), either side.
        Double firstEntry = chance(0.3) ? null : round(average * (1 - side.sign() * factor(-0.01, 0.03)), 1);
        Double initialStop = chance(0.3) ? null : stop == null ? round(average * (1 - side.sign() * 0.02), 1)
                : round(stop * factor(0.98, 1.02), 1);
        // Now and then a best price well past the last one, so that a trailing stop may already have been crossed.
        double run = chance(0.2) ? factor(1.02, 1.15) : factor(1, 1.08);
        List<TakeProfit> ladder = p.takeProfits();
        if (chance(0.3)) {
            ladder = List.of(new TakeProfit(round(average * (1 + side.sign() * factor(0.01, 0.08)), 1), 0.5),
                    new TakeProfit(round(average * (1 + side.sign() * factor(0.05, 0.15)), 1), 0.3));
        } else if (chance(0.3) || flipped) {
            ladder = null;
        }
        return new Position(p.id(), side, quantity, average, peak,
                chance(0.3) ? null : random.nextInt(5), firstEntry, initialStop, stop,
                chance(0.5) ? p.leverage() : 1 + random.nextInt(30), chance(0.3) ? null : p.entryAtr() == null
                        ? 1000.0 : p.entryAtr() * factor(0.5, 2),
                chance(0.3) ? null : Math.max(average, lastPrice) * run,
                chance(0.3) ? null : Math.min(average, lastPrice) / run,
                ladder, chance(0.3) ? null : random.nextInt(4));
    }

    private Market market(Market m, double lastPrice) {
        double atr = m.atr() == null ? lastPrice * 0.02 : m.atr();
        atr = chance(0.3) ? atr : round(atr * factor(0.2, 3), 2);
        return new Market(lastPrice, chance(0.5) ? null : lastPrice, atr, null);
    }

    private Intent intent(boolean open, Side side, double lastPrice, Instrument instrument) {
        IntentType type = open ? IntentType.OPEN : pick(IntentType.ADD, IntentType.ADD, IntentType.ADD,
                IntentType.REVIEW, IntentType.REVIEW, IntentType.REDUCE, IntentType.CLOSE);
        Double price = chance(0.2) ? null : chance(0.5) ? lastPrice : round(lastPrice * factor(0.97, 1.03), 2);
        double reference = price == null ? lastPrice : price;
        Double quantity = switch (type) {
            case REDUCE -> chance(0.5) ? (double) (1 + random.nextInt(60)) : round(factor(0.1, 80), 1);
            case CLOSE -> chance(0.7) ? null : (double) (1 + random.nextInt(60)); // a quantity a CLOSE does not honour
            case OPEN, ADD -> chance(0.5) ? null : chance(0.7) ? (double) (1 + random.nextInt(300))
                    : round(factor(0.01, 300), 3);
            default -> null;
        };
        Double stop = null;
        if (type.isEntry() && chance(0.9)) {
            double distance = reference * (chance(0.1) ? factor(0.0001, 0.002) : factor(0.002, 0.2));
            if (chance(0.03)) {
                distance = reference * factor(0.85, 0.99); // so far that liquidation comes first even at 1x
            }
            double side2 = chance(0.08) ? -side.sign() : side.sign();
            stop = reference - side2 * distance;
            stop = chance(0.5) ? round(stop, 1) : stop;
            stop = chance(0.3) ? Math.round(stop / instrument.tickSize()) * instrument.tickSize() : stop;
        }
        Integer leverage = chance(0.3) ? null : 1 + random.nextInt(chance(0.8) ? 25 : 200);
        return new Intent(type, open || chance(0.5) ? side : null, price, quantity, stop, leverage);
    }

    // ---- dice ----

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private double factor(double low, double high) {
        return low + random.nextDouble() * (high - low);
    }

    private double pick(double[] values) {
        return values[random.nextInt(values.length)];
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    static List<EvaluationRequest> take(RandomRequests generator, int count) {
        List<EvaluationRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(generator.next());
        }
        return requests;
    }
}

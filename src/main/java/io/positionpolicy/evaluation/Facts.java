package io.positionpolicy.evaluation;

import io.positionpolicy.model.AverageTrueRange;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.IntentType;
import io.positionpolicy.model.Side;
import io.positionpolicy.model.facts.Account;
import io.positionpolicy.model.facts.Activity;
import io.positionpolicy.model.facts.Instrument;
import io.positionpolicy.model.facts.Intent;
import io.positionpolicy.model.facts.MaintenanceTier;
import io.positionpolicy.model.facts.Market;
import io.positionpolicy.model.facts.Order;
import io.positionpolicy.model.facts.Position;
import io.positionpolicy.model.facts.Review;
import io.positionpolicy.model.facts.TakeProfitTarget;
import io.positionpolicy.model.facts.TradingState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The facts of one evaluation, built from a validated request with the documented defaults applied, plus the working
 * fact the rules size (an {@link Order} for OPEN/ADD) or manage (a {@link Review} for REVIEW).
 */
public record Facts(
        Account account,
        Instrument instrument,
        Position position,
        Market market,
        Intent intent,
        Order order,
        Review review,
        List<TakeProfitTarget> takeProfits,
        Activity activity,
        List<TradingState> tradingStates) {

    public static Facts from(EvaluationRequest r) {
        return from(r, Instant.now(), List.of());
    }

    /** The facts of {@code r} decided at {@code at} under {@code states} (the non-ACTIVE states that apply). */
    public static Facts from(EvaluationRequest r, Instant at, List<TradingState> states) {
        Account account = account(r.account());
        Instrument instrument = instrument(r.instrument());
        Market market = market(r.market());
        Position position = r.position() == null ? null : position(r.position(), market);
        Intent intent = intent(r.intent(), position, market);
        Order order = intent.getType().isEntry() ? order(intent, position, instrument) : null;
        Review review = intent.getType() == IntentType.REVIEW ? review(position, market, instrument) : null;
        List<TakeProfitTarget> targets = position == null ? List.of() : targets(r.position());
        return new Facts(account, instrument, position, market, intent, order, review, targets,
                activity(r.activity(), at), List.copyOf(states));
    }

    private static Activity activity(EvaluationRequest.Activity a, Instant at) {
        if (a == null) {
            return new Activity(Double.NaN, Double.NaN, -1, null, at);
        }
        return new Activity(orDefault(a.realizedPnlToday(), Double.NaN), orDefault(a.startOfDayEquity(), Double.NaN),
                a.entriesToday() == null ? -1 : a.entriesToday(), a.lastStopOutAt(), at);
    }

    /** Everything to insert into a session, in a stable order. */
    public void forEach(Consumer<Object> insert) {
        insert.accept(account);
        insert.accept(instrument);
        insert.accept(market);
        if (position != null) {
            insert.accept(position);
        }
        insert.accept(intent);
        takeProfits.forEach(insert);
        if (order != null) {
            insert.accept(order);
        }
        if (review != null) {
            insert.accept(review);
        }
        insert.accept(activity);
        tradingStates.forEach(insert);
    }

    private static Account account(EvaluationRequest.Account a) {
        return new Account(a.id(), a.equity(), a.tier(), orDefault(a.openRiskOtherPositions(), 0));
    }

    private static Instrument instrument(EvaluationRequest.Instrument i) {
        List<MaintenanceTier> tiers = i.maintenanceTiers().stream()
                .map(t -> new MaintenanceTier(t.notionalFloor(), t.rate(), orDefault(t.amount(), 0)))
                .toList();
        // Exchanges name symbols in capitals: the instrument-limit table's patterns see "btcusdt" as BTCUSDT.
        return new Instrument(i.symbol().strip().toUpperCase(Locale.ROOT), i.contractSize(), i.qtyStep(), orDefault(i.minQty(), i.qtyStep()),
                i.tickSize(), orDefault(i.minNotional(), 0), i.maxLeverage(), tiers);
    }

    private static Market market(EvaluationRequest.Market m) {
        double atr = m.atr() != null ? m.atr() : atrFromCandles(m.candles());
        return new Market(m.lastPrice(), orDefault(m.markPrice(), m.lastPrice()), atr);
    }

    /** ATR(14), TA-Lib seeding, at the last candle; NaN with too few candles. */
    static double atrFromCandles(List<EvaluationRequest.Candle> candles) {
        if (candles == null) {
            return Double.NaN;
        }
        AverageTrueRange atr = new AverageTrueRange(RequestValidator.ATR_PERIOD);
        for (EvaluationRequest.Candle c : candles) {
            atr.update(c.high(), c.low(), c.close());
        }
        return atr.value();
    }

    private static Position position(EvaluationRequest.Position p, Market market) {
        double quantity = p.quantity();
        double average = p.averageEntryPrice();
        double stop = orDefault(p.stopPrice(), Double.NaN);
        return new Position(p.id(), p.side(), quantity, average,
                Math.max(orDefault(p.peakQuantity(), quantity), quantity),
                p.addsCount() == null ? 0 : p.addsCount(),
                orDefault(p.firstEntryPrice(), average),
                orDefault(p.initialStopPrice(), stop),
                stop,
                p.leverage(),
                orDefault(p.entryAtr(), market.getAtr()),
                orDefault(p.highestPrice(), Math.max(average, market.getLastPrice())),
                orDefault(p.lowestPrice(), Math.min(average, market.getLastPrice())),
                p.tiersTaken() == null ? 0 : p.tiersTaken(),
                p.takeProfits() != null && !p.takeProfits().isEmpty());
    }

    private static Intent intent(EvaluationRequest.Intent i, Position position, Market market) {
        Side side = i.side() != null ? i.side() : position.getSide();
        return new Intent(i.type(), side, orDefault(i.price(), market.getLastPrice()),
                orDefault(i.quantity(), Double.NaN), orDefault(i.stopPrice(), Double.NaN),
                i.leverage() == null ? 0 : i.leverage());
    }

    /** For an ADD the ticket starts from the position: its stop unless a new one is given, its leverage. */
    private static Order order(Intent intent, Position position, Instrument instrument) {
        boolean add = intent.getType() == IntentType.ADD;
        double stop = intent.hasStop() ? intent.getStopPrice() : add ? position.getStopPrice() : Double.NaN;
        int leverage = intent.hasLeverage() ? intent.getLeverage() : add ? position.getLeverage() : 0;
        return new Order(intent.getType(), intent.getSide(), intent.getPrice(), stop, intent.getQuantity(), leverage,
                leverage > 0, instrument, add ? position.getQuantity() : 0, add ? position.getAverageEntryPrice() : 0);
    }

    private static Review review(Position p, Market market, Instrument instrument) {
        double extreme = p.getSide() == Side.LONG
                ? Math.max(p.getHighestPrice(), market.getLastPrice())
                : Math.min(p.getLowestPrice(), market.getLastPrice());
        return new Review(p.getSide(), p.getQuantity(), p.getPeakQuantity(), p.getStopPrice(), p.getTiersTaken(),
                market.getLastPrice(), extreme, instrument);
    }

    /** The position's own ladder, nearest target first (ascending for a long, descending for a short). */
    private static List<TakeProfitTarget> targets(EvaluationRequest.Position p) {
        if (p.takeProfits() == null || p.takeProfits().isEmpty()) {
            return List.of();
        }
        Comparator<EvaluationRequest.TakeProfit> byPrice = Comparator.comparingDouble(EvaluationRequest.TakeProfit::price);
        List<EvaluationRequest.TakeProfit> sorted = new ArrayList<>(p.takeProfits());
        sorted.sort(p.side() == Side.LONG ? byPrice : byPrice.reversed());
        List<TakeProfitTarget> targets = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            targets.add(new TakeProfitTarget(i + 1, sorted.get(i).price(), sorted.get(i).share()));
        }
        return targets;
    }

    private static double orDefault(Double value, double fallback) {
        return value != null ? value : fallback;
    }
}

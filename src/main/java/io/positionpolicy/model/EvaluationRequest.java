package io.positionpolicy.model;

import java.time.Instant;
import java.util.List;

/**
 * The evaluation API's request, field for field. Numbers are boxed because "absent" is meaningful (no quantity asked,
 * no stop yet); {@code RequestValidator} decides what is required for which intent. Quantities are in contracts.
 */
public record EvaluationRequest(
        String requestId,
        Account account,
        Instrument instrument,
        Position position,
        Market market,
        Intent intent,
        Activity activity) {

    /** A request without the optional {@code activity}. */
    public EvaluationRequest(String requestId, Account account, Instrument instrument, Position position, Market market,
            Intent intent) {
        this(requestId, account, instrument, position, market, intent, null);
    }

    /**
     * What the caller knows of the day that the service cannot, all optional: realized P&L today (UTC; a loss is
     * negative), equity at the start of the UTC day, entries (OPEN + ADD) on the account today, and when this symbol's
     * position on the account was last stopped out. The protections that need a missing one say so in the decision.
     */
    public record Activity(Double realizedPnlToday, Double startOfDayEquity, Integer entriesToday,
            Instant lastStopOutAt) {
    }

    public record Account(String id, Double equity, Tier tier, Double openRiskOtherPositions) {
    }

    public record Instrument(
            String symbol,
            Double contractSize,
            Double qtyStep,
            Double minQty,
            Double tickSize,
            Double minNotional,
            Integer maxLeverage,
            List<MaintenanceTier> maintenanceTiers) {
    }

    public record MaintenanceTier(Double notionalFloor, Double rate, Double amount) {
    }

    public record Position(
            String id,
            Side side,
            Double quantity,
            Double averageEntryPrice,
            Double peakQuantity,
            Integer addsCount,
            Double firstEntryPrice,
            Double initialStopPrice,
            Double stopPrice,
            Integer leverage,
            Double entryAtr,
            Double highestPrice,
            Double lowestPrice,
            List<TakeProfit> takeProfits,
            Integer tiersTaken) {
    }

    public record TakeProfit(Double price, Double share) {
    }

    public record Market(Double lastPrice, Double markPrice, Double atr, List<Candle> candles) {
    }

    public record Candle(Instant time, Double open, Double high, Double low, Double close) {
    }

    public record Intent(
            IntentType type,
            Side side,
            Double price,
            Double quantity,
            Double stopPrice,
            Integer leverage) {
    }
}

package io.positionpolicy.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.positionpolicy.rules.QuietLogging;
import io.positionpolicy.rules.StandardRuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole 7-year BTC hourly file and the whole 1-minute file through the shipped rule set: the books' arithmetic
 * holds at every candle, no entry risks more than its budget, every exit has a reason, and the metrics agree with
 * the trade list recomputed by hand. Headline figures go to target/backtest-*.txt.
 */
class BacktestInvariantsTest {

    @BeforeAll
    static void quiet() {
        QuietLogging.apply();
    }

    @ParameterizedTest
    @CsvSource({"btcusdt_1h_binance_spot_20180209-20250331.csv.gz, 62482, 25",
            "btcusdt_1m_binance_spot_20210402-20210520.csv.gz, 69927, -1"})
    void wholeFileKeepsItsInvariants(String name, long rows, int gaps) throws Exception {
        Path file = Path.of("candles", name);
        BacktestSettings settings = BacktestSettings.defaults();
        List<String> broken = new ArrayList<>();
        AtomicLong steps = new AtomicLong();
        BacktestResult result;
        try (CandleFile candles = CandleFile.open(file)) {
            result = new Backtester(StandardRuleSet.get(), settings).run(candles, name, p -> { }, () -> false,
                    step -> {
                        steps.incrementAndGet();
                        check(step, step.policy(), settings, broken);
                        check(step, step.baseline(), settings, broken);
                    });
        }
        assertThat(broken).as("equity = cash + open value at every candle").isEmpty();
        assertThat(result.candles()).isEqualTo(rows).isEqualTo(steps.get());
        if (gaps >= 0) {
            assertThat(result.gaps()).isEqualTo(gaps);
        }
        for (BookResult book : List.of(result.policy(), result.baseline())) {
            checkTrades(book, book.name().equals("policy") ? 0.01 : settings.baselineRiskPct());
            checkMetrics(book, settings.initialEquity());
        }
        assertThat(result.policy().trades()).hasSizeGreaterThan(20);
        assertThat(result.policy().trades()).anyMatch(t -> t.fills().stream().anyMatch(f -> f.kind().equals("ADD")));
        assertThat(result.policy().trades()).anyMatch(t -> t.fills().stream()
                .anyMatch(f -> f.reason().startsWith("TAKE_PROFIT_TIER_")));
        String stem = "target/backtest-" + name.substring(0, name.indexOf('_', 8));
        Files.writeString(Path.of(stem + ".txt"), summary(result));
        Files.writeString(Path.of(stem + ".svg"), EquityChart.svg(result));
    }

    private static void check(Backtester.Step step, Backtester.BookState book, BacktestSettings settings,
            List<String> broken) {
        double sign = book.side() == io.positionpolicy.model.Side.SHORT ? -1 : 1;
        double open = book.quantity() == 0 ? 0 : sign * book.quantity() * settings.instrument().contractSize()
                * (step.close() - book.averageEntry());
        if (Math.abs(book.cash() + open - book.equity()) > 1e-6 && broken.size() < 10) {
            broken.add(step.time() + ": cash " + book.cash() + " + open " + open + " != equity " + book.equity());
        }
    }

    private static void checkTrades(BookResult book, double riskPct) {
        for (Trade trade : book.trades()) {
            assertThat(trade.exitReason()).as("trade %d of %s", trade.number(), book.name()).isNotBlank();
            assertThat(trade.fills()).allSatisfy(f -> assertThat(f.reason()).isNotBlank());
            assertThat(trade.fills().get(trade.fills().size() - 1).kind()).isEqualTo("CLOSE");
            for (Trade.Fill fill : trade.fills()) {
                if (fill.kind().equals("OPEN") || fill.kind().equals("ADD")) {
                    // the policy reports its budget in cents (display rounding): allow half a cent
                    assertThat(fill.openRiskAfter()).as("%s trade %d %s at %d", book.name(), trade.number(),
                            fill.kind(), fill.time()).isLessThanOrEqualTo(fill.riskBudget() + 0.005 + 1e-9);
                }
            }
            double fillsResult = 0;
            double quantity = 0;
            double average = 0;
            for (Trade.Fill fill : trade.fills()) {
                double cs = 0.001;
                if (fill.kind().equals("OPEN") || fill.kind().equals("ADD")) {
                    average = (average * quantity + fill.price() * fill.quantity()) / (quantity + fill.quantity());
                    quantity += fill.quantity();
                } else {
                    double s = trade.side() == io.positionpolicy.model.Side.LONG ? 1 : -1;
                    fillsResult += s * fill.quantity() * cs * (fill.price() - average);
                    quantity -= fill.quantity();
                }
            }
            assertThat(quantity).isCloseTo(0, within(1e-9));
            assertThat(trade.grossPnl()).isCloseTo(fillsResult, within(1e-6));
            assertThat(trade.netPnl()).isCloseTo(trade.grossPnl() - trade.fees() - trade.funding(), within(1e-9));
        }
    }

    private static void checkMetrics(BookResult book, double initial) {
        Metrics m = book.metrics();
        List<Trade> trades = book.trades();
        double net = trades.stream().mapToDouble(Trade::netPnl).sum();
        double wins = trades.stream().filter(t -> t.netPnl() > 0).mapToDouble(Trade::netPnl).sum();
        double losses = -trades.stream().filter(t -> t.netPnl() <= 0).mapToDouble(Trade::netPnl).sum();
        long winners = trades.stream().filter(t -> t.netPnl() > 0).count();
        assertThat(m.trades()).isEqualTo(trades.size());
        assertThat(m.finalEquity()).isCloseTo(initial + net, within(1e-6));
        assertThat(m.totalReturn()).isCloseTo(net / initial, within(1e-9));
        assertThat(m.winRate()).isCloseTo((double) winners / trades.size(), within(1e-12));
        assertThat(m.profitFactor()).isCloseTo(wins / losses, within(1e-9));
        assertThat(m.averageR()).isCloseTo(trades.stream().mapToDouble(Trade::rMultiple).average().orElse(0),
                within(1e-9));
        assertThat(m.feesPaid()).isCloseTo(trades.stream().mapToDouble(Trade::fees).sum(), within(1e-6));
        assertThat(m.fundingPaid()).isCloseTo(trades.stream().mapToDouble(Trade::funding).sum(), within(1e-6));
        assertThat(m.maxDrawdown()).isBetween(0.0, 1.0);
        assertThat(m.exposure()).isBetween(0.0, 1.0);
    }

    static String summary(BacktestResult r) {
        StringBuilder text = new StringBuilder();
        text.append(r.source()).append(": ").append(r.candles()).append(" candles ").append(r.from()).append(" .. ")
                .append(r.to()).append(", ").append(r.gaps()).append(" gaps, ").append(r.positionsClosedAtGaps())
                .append(" positions closed before a long gap; ").append(r.policyEvaluations())
                .append(" policy evaluations, rejections ").append(r.policyRejections()).append("; ")
                .append(r.elapsedMillis()).append(" ms = ").append(Math.round(r.candlesPerSecond()))
                .append(" candles/s\n");
        for (BookResult b : List.of(r.policy(), r.baseline())) {
            Metrics m = b.metrics();
            text.append(String.format(java.util.Locale.ROOT, "%-8s return %.1f %%, CAGR %.1f %%, max drawdown %.1f %% "
                    + "(%s .. %s), Sharpe %.2f, Sortino %.2f, profit factor %s, win rate %.1f %%, average R %.2f, "
                    + "exposure %.1f %%, trades %d, fees %.0f, funding %.0f, final equity %.0f%n", b.name(),
                    100 * m.totalReturn(), 100 * m.cagr(), 100 * m.maxDrawdown(), m.maxDrawdownPeakAt(),
                    m.maxDrawdownTroughAt(), m.sharpe(), m.sortino(),
                    m.profitFactor() == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", m.profitFactor()),
                    100 * m.winRate(), m.averageR(), 100 * m.exposure(), m.trades(), m.feesPaid(), m.fundingPaid(),
                    m.finalEquity()));
        }
        return text.toString();
    }
}

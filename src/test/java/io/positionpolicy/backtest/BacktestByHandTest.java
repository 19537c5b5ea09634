package io.positionpolicy.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.positionpolicy.model.Side;
import io.positionpolicy.rules.StandardRuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small candle files whose every fill is worked out by hand from the policy's text: 22 flat candles (range 100, so
 * ATR(14) is 100 throughout), 15 candles up by 100, 13 down by 100. The breakout opens at 10,100 with the stop 2 ATR
 * away; three adds follow the trend, the 2R and 4R tiers take 50 % and 25 % of the peak, the 1.5-ATR trail closes the
 * rest on the way down.
 */
class BacktestByHandTest {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path dir;

    /** Candles of {@code step} apart from 2026-01-01 00:00 UTC: flat at {@code base}, then the trend, then back. */
    private Path trendThenReversal(int sign, double base, Duration step) throws IOException {
        List<String> lines = new ArrayList<>(List.of("datetime,open,high,low,close,volume"));
        LocalDateTime t = LocalDateTime.of(2026, 1, 1, 0, 0);
        double close = base;
        for (int i = 0; i < 50; i++, t = t.plus(step)) {
            if (i < 22) {
                lines.add(row(t, close, close + 50, close - 50, close));
                continue;
            }
            double open = close;
            close = open + (i < 37 ? 100 : -100) * sign;
            lines.add(row(t, open, Math.max(open, close), Math.min(open, close), close));
        }
        Path file = dir.resolve("trend.csv");
        Files.write(file, lines);
        return file;
    }

    private static String row(LocalDateTime t, double open, double high, double low, double close) {
        return String.format(java.util.Locale.ROOT, "%s,%.0f,%.0f,%.0f,%.0f,1", TIME.format(t), open, high, low, close);
    }

    private static BacktestResult run(Path file, BacktestSettings settings) {
        try (CandleFile candles = CandleFile.open(file)) {
            return new Backtester(StandardRuleSet.get(), settings).run(candles, "trend.csv", p -> { }, () -> false,
                    null);
        }
    }

    private static BacktestSettings costless() {
        BacktestSettings d = BacktestSettings.defaults();
        return new BacktestSettings(d.symbol(), d.initialEquity(), d.tier(), d.breakoutBars(), d.stopAtr(), 0, 0,
                d.baselineRiskPct(), d.baselineTargetR(), d.maxGapToCarryMillis(), d.instrument());
    }

    private static List<String> fills(Trade trade) {
        return trade.fills().stream().map(f -> f.kind() + " " + Math.round(f.quantity()) + " @ "
                + Math.round(f.price()) + " " + f.reason()).toList();
    }

    @Test
    void aLongTrendIsScaledIntoAndOutOfAsThePolicySays() throws IOException {
        BacktestResult result = run(trendThenReversal(1, 10_000, Duration.ofHours(1)), costless());

        Trade first = result.policy().trades().get(0);
        assertThat(first.side()).isEqualTo(Side.LONG);
        // OPEN: 0.5 % of 10,000 over a 200 stop distance = 250; each add risks 0.5 % of the equity then (10,025,
        // 10,075, 10,150.1) over 200 = 250, 251, 253; tier 1 at 10,100 + 2R = 10,500 takes 50 % of the peak 1,004,
        // tier 2 at 10,900 takes 25 %; the trail (11,500 - 1.5 ATR = 11,350) closes the rest when 11,300 is traded
        assertThat(fills(first)).containsExactly("OPEN 250 @ 10100 OPEN", "ADD 250 @ 10200 ADD",
                "ADD 251 @ 10300 ADD", "ADD 253 @ 10400 ADD", "REDUCE 502 @ 10500 TAKE_PROFIT_TIER_1",
                "REDUCE 251 @ 10900 TAKE_PROFIT_TIER_2", "CLOSE 251 @ 11350 STOP");
        double average = 10_291_500.0 / 1004; // (250 x 10,100 + 250 x 10,200 + 251 x 10,300 + 253 x 10,400) / 1,004
        double gross = 0.001 * (502 * (10_500 - average) + 251 * (10_900 - average) + 251 * (11_350 - average));
        assertThat(first.grossPnl()).isCloseTo(gross, within(1e-6)).isCloseTo(564.25, within(1e-6));
        assertThat(first.initialRisk()).isCloseTo(50, within(1e-9));
        assertThat(result.policyRejections()).isEqualTo(Map.of("MAX_ADDS_REACHED", 11));

        // the trend's peak equity (11,500) against the stop-out two candles later
        double peak = 10_000 + 0.001 * (502 * (10_500 - average) + 251 * (10_900 - average)
                + 251 * (11_500 - average));
        assertThat(result.policy().metrics().maxDrawdown()).isCloseTo((peak - (10_000 + gross)) / peak,
                within(1e-12));

        // three days, none of them lost: the Sortino ratio is undefined, as the profit factor without a loss (it
        // read 0, the worst-looking figure, beside a Sharpe of 14)
        assertThat(result.policy().metrics().sortino()).isNull();
        assertThat(result.policy().metrics().profitFactor()).isNull();
        assertThat(result.policy().metrics().sharpe()).isPositive();

        // the baseline: 1 % over 200 = 500 at 10,100, out at the 3R target 10,700
        Trade baseline = result.baseline().trades().get(0);
        assertThat(fills(baseline)).containsExactly("OPEN 500 @ 10100 OPEN", "CLOSE 500 @ 10700 TARGET");
    }

    @Test
    void aShortTrendIsTheMirrorOfTheLongOne() throws IOException {
        BacktestResult result = run(trendThenReversal(-1, 20_000, Duration.ofHours(1)), costless());

        Trade first = result.policy().trades().get(0);
        assertThat(first.side()).isEqualTo(Side.SHORT);
        assertThat(fills(first)).containsExactly("OPEN 250 @ 19900 OPEN", "ADD 250 @ 19800 ADD",
                "ADD 251 @ 19700 ADD", "ADD 253 @ 19600 ADD", "REDUCE 502 @ 19500 TAKE_PROFIT_TIER_1",
                "REDUCE 251 @ 19100 TAKE_PROFIT_TIER_2", "CLOSE 251 @ 18650 STOP");
        assertThat(first.grossPnl()).isCloseTo(564.25, within(1e-6));
        assertThat(fills(result.baseline().trades().get(0)))
                .containsExactly("OPEN 500 @ 19900 OPEN", "CLOSE 500 @ 19300 TARGET");
    }

    @Test
    void dailyCandlesPayFundingThreeTimesADay() throws IOException {
        BacktestSettings c = costless();
        BacktestSettings settings = new BacktestSettings(c.symbol(), c.initialEquity(), c.tier(), c.breakoutBars(),
                c.stopAtr(), 0, 0.0001, c.baselineRiskPct(), c.baselineTargetR(), 3 * 86_400_000L, c.instrument());
        BacktestResult result = run(trendThenReversal(1, 10_000, Duration.ofDays(1)), settings);

        // the baseline holds 500 contracts (0.5 BTC) from the open of day 24 until its target on day 29: the funding
        // of 08:00 and 16:00 of day 24 to 28 and of 00:00 of day 25 to 29, each charged at the next candle's open
        // (10,200 .. 10,600), three per candle
        Trade baseline = result.baseline().trades().get(0);
        assertThat(fills(baseline)).containsExactly("OPEN 500 @ 10100 OPEN", "CLOSE 500 @ 10700 TARGET");
        assertThat(baseline.funding()).isCloseTo(0.5 * 0.0001 * 3 * (10_200 + 10_300 + 10_400 + 10_500 + 10_600),
                within(1e-9));
    }
}

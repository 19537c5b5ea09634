package io.positionpolicy.jmh;

import io.positionpolicy.backtest.BacktestResult;
import io.positionpolicy.backtest.BacktestSettings;
import io.positionpolicy.backtest.Backtester;
import io.positionpolicy.backtest.Bar;
import io.positionpolicy.backtest.CandleFile;
import io.positionpolicy.model.AverageTrueRange;
import io.positionpolicy.rules.DrlSafetyCheck;
import io.positionpolicy.rules.QuietLogging;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSources;
import java.nio.file.Path;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Rule-set compile and reload, ATR over 100k candles, a backtest of the whole BTC hourly file. */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"})
public class SupportBenchmarks {
    static final Path HOURLY = Path.of("candles/btcusdt_1h_binance_spot_20180209-20250331.csv.gz");

    SortedMap<String, String> drl;
    RuleSet ruleSet;
    RuleCompiler compiler;
    DrlSafetyCheck safety;
    double[][] candles;

    @Setup
    public void setUp() {
        QuietLogging.apply();
        drl = RuleSources.readDrl(Path.of("rules"));
        compiler = new RuleCompiler(SupportBenchmarks.class.getClassLoader());
        safety = new DrlSafetyCheck();
        ruleSet = compiler.compile(drl);
        Random random = new Random(1);
        candles = new double[100_000][];
        double price = 30_000;
        for (int i = 0; i < candles.length; i++) {
            double open = price;
            price *= 1 + random.nextGaussian() * 0.005;
            double high = Math.max(open, price) * (1 + random.nextDouble() * 0.003);
            double low = Math.min(open, price) * (1 - random.nextDouble() * 0.003);
            candles[i] = new double[] {high, low, price};
        }
    }

    /**
     * What a reload of the standard rule set costs once warm, as the service does it: the safety check and the compile
     * with the service's long-lived compiler (the scenarios add about 40 ms).
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5, time = 5)
    @Measurement(iterations = 5, time = 5)
    public RuleSet checkAndCompileStandardRules() {
        safety.check(drl);
        return compiler.compile(drl);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 3)
    @Measurement(iterations = 5, time = 3)
    public double atrOver100kCandles() {
        AverageTrueRange atr = new AverageTrueRange(14);
        double last = 0;
        for (double[] c : candles) {
            last = atr.update(c[0], c[1], c[2]);
        }
        return last;
    }

    /** Reading the hourly file alone (gunzip, split, parse, check): the part of a backtest that is not the policy. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 2)
    public double readBtcHourly() {
        double sum = 0;
        try (CandleFile file = CandleFile.open(HOURLY)) {
            for (Bar bar = file.next(); bar != null; bar = file.next()) {
                sum += bar.close() + bar.time();
            }
        }
        return sum;
    }

    /** The whole 7-year hourly file (62,482 candles), policy and baseline; candles/s = 62,482 / this time. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public BacktestResult backtestBtcHourly() {
        try (CandleFile file = CandleFile.open(HOURLY)) {
            return new Backtester(ruleSet, BacktestSettings.defaults()).run(file, "hourly", p -> { }, () -> false,
                    null);
        }
    }
}

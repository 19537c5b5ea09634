package io.positionpolicy.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.positionpolicy.evaluation.scenario.Sandbox;
import io.positionpolicy.evaluation.scenario.SandboxedScenarioGate;
import io.positionpolicy.evaluation.scenario.ScenarioGate;
import io.positionpolicy.rules.CandidateCheck;
import io.positionpolicy.rules.QuietLogging;
import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.RuleSetReloader;
import io.positionpolicy.rules.RuleSources;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reload timings of the shipped rule set (safety check + compile + all scenarios + swap), cold and warm, and heap and
 * class counts after N reloads, to show that old rule sets and their generated classes are collected.
 * Run with scripts/bench-reload.sh [reloads] [sandbox|in-process]: with {@code sandbox} (the service's default) the
 * scenarios run in the sandbox's worker JVM, compiled there while the service compiles.
 */
public final class ReloadBenchmark {
    private ReloadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        QuietLogging.apply();
        int reloads = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path dir = Files.createTempDirectory("reload-bench");
        for (Map.Entry<String, String> f : RuleSources.readDrl(Path.of("rules")).entrySet()) {
            write(dir.resolve(f.getKey()), f.getValue());
        }
        for (Map.Entry<String, String> f : RuleSources.readScenarios(Path.of("rules")).entrySet()) {
            write(dir.resolve(f.getKey()), f.getValue());
        }
        Sandbox sandbox = args.length > 1 && args[1].equals("sandbox")
                ? new Sandbox(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30), 256L << 20)
                        .prestart() : null;
        CandidateCheck gate = sandbox == null ? new ScenarioGate() : new SandboxedScenarioGate(sandbox);
        System.out.println("scenarios run " + (sandbox == null ? "in process" : "in the sandbox worker JVM"));
        RuleSetReloader reloader = new RuleSetReloader(dir, new RuleSetHolder(),
                new RuleCompiler(ReloadBenchmark.class.getClassLoader()), List.of(gate), e -> { },
                new SimpleMeterRegistry());
        Path parameters = dir.resolve("parameters/Parameters.drl");
        String original = Files.readString(parameters);

        ReloadReport cold = reloader.reload("bench", "bench");
        report("cold (first load in a fresh JVM)", new long[] {cold.totalMillis()}, cold);
        long[] totals = new long[reloads];
        ReloadReport last = cold;
        for (int i = 0; i < reloads; i++) {
            // a change the scenarios do not pin: the trailing multiple of EXPERIENCED accounts, 1.5 -> 1.5x
            Files.writeString(parameters, original.replaceFirst("(?s)(EXPERIENCED.*?\\.trailAtrMultiple\\()1\\.5",
                    "$11.5" + (i % 2 == 0 ? "0" : "00")));
            last = reloader.reload("bench", "bench");
            if (!last.outcome().equals("activated")) {
                throw new IllegalStateException("reload " + i + " " + last.outcome() + ": " + last.problems());
            }
            totals[i] = last.totalMillis();
        }
        report("warm (reloads 2.." + (reloads + 1) + ")", Arrays.copyOfRange(totals, Math.min(10, reloads), reloads),
                last);
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        var classes = ManagementFactory.getClassLoadingMXBean();
        System.out.printf(Locale.ROOT, "after %d reloads and GC: heap used %.1f MB, classes loaded now %d "
                + "(ever %d, unloaded %d)%n", reloads, memory.getUsed() / 1e6, classes.getLoadedClassCount(),
                classes.getTotalLoadedClassCount(), classes.getUnloadedClassCount());
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static void report(String label, long[] millis, ReloadReport last) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: %d reloads, median %d ms, p90 %d ms, max %d ms "
                + "(last: compile %d ms, safety + scenarios %d ms)%n", label, sorted.length, sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.9)], sorted[sorted.length - 1], last.compileMillis(),
                last.checkMillis());
    }

    private static void write(Path target, String text) throws Exception {
        Files.createDirectories(target.getParent());
        Files.writeString(target, text);
    }
}

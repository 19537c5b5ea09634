package io.positionpolicy.rules;

import io.positionpolicy.TestRequests;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.scenario.ScenarioGate;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluations run continuously on two threads while the watched rules directory changes 50 times: valid edits of
 * the 1 % parameter (in place and by temp-file-and-rename), a broken edit, an unsafe edit (System.exit), a
 * scenario-failing edit, a delete, a
 * rename and a new folder. No evaluation may fail, each decision must be made wholly by one version (its risk budget
 * is that version's riskPct x equity), and the final tree must end up active.
 */
class HotReloadUnderLoadTest {
    private static final Pattern RISK = Pattern.compile("\\.riskPct\\(([0-9.]+)\\) +// the 1 %");
    private static final String REQUEST = TestRequests.openAsking(150);
    private static final String UNSAFE = """
            package entry;
            import io.positionpolicy.model.facts.*;
            rule "Sneaky"
            when
                Account()
            then
                System.exit(1);
            end
            """;
    private static final String INVARIANTS = """
            defaults:
              account: {id: a, equity: 10000, tier: STANDARD}
              instrument: {symbol: BTCUSDT, contractSize: 0.001, qtyStep: 1, minQty: 1, tickSize: 0.1,
                           minNotional: 5, maxLeverage: 125, maintenanceTiers: [{notionalFloor: 0, rate: 0.004}]}
              market: {lastPrice: 50000, atr: 1000}
            scenarios:
              - note: no stop is always rejected
                given: {intent: {type: OPEN, side: LONG, leverage: 5}}
                expect: {verdict: REJECT, violations: [STOP_REQUIRED]}
            """;

    @Test
    void fiftyChangesUnderLoadWithoutAFailedOrMixedDecision(@TempDir Path dir) throws Exception {
        QuietLogging.apply();
        RulesTree tree = RulesTree.copy(dir, false);
        tree.write("tests/invariants.yaml", INVARIANTS);
        RuleSetHolder holder = new RuleSetHolder();
        Map<String, Double> budgetByVersion = new ConcurrentHashMap<>();
        List<String> activated = new CopyOnWriteArrayList<>();
        RuleSetReloader reloader = new RuleSetReloader(dir, holder, new RuleCompiler(getClass().getClassLoader()),
                List.of(new ScenarioGate()), event -> {
                    Matcher m = RISK.matcher(event.ruleSet().files().get("parameters/Parameters.drl"));
                    assertThat(m.find()).isTrue();
                    budgetByVersion.put(event.ruleSet().version(), Double.parseDouble(m.group(1)) * 10_000);
                    activated.add(event.ruleSet().version());
                }, new SimpleMeterRegistry());
        assertThat(reloader.reload("startup", "test").ok()).isTrue();

        EvaluationRequest request = RequestParser.parse(REQUEST.getBytes());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong evaluations = new AtomicLong();
        java.util.Set<String> servedBy = ConcurrentHashMap.newKeySet();
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService load = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            workers.add(load.submit(() -> {
                while (running.get()) {
                    try {
                        Decision decision = Evaluator.evaluate(holder.current().orElseThrow(), request);
                        Double budget = budgetByVersion.get(decision.rulesetVersion());
                        if (budget == null || Math.abs(decision.metrics().riskBudget() - budget) > 1e-9
                                || decision.actions().get(0).quantity() != Math.min(150, Math.floor(budget))) {
                            failures.add("mixed decision " + decision.rulesetVersion() + " budget "
                                    + decision.metrics().riskBudget() + " expected " + budget);
                        }
                        servedBy.add(decision.rulesetVersion());
                        if (evaluations.incrementAndGet() % 200 == 0) {
                            Thread.sleep(1); // leave the reloads some CPU on a 2-core machine
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (RuntimeException e) {
                        failures.add("failed evaluation: " + e);
                    }
                }
            }));
        }

        String parameters = tree.read("parameters/Parameters.drl");
        String stops = tree.read("entry/Stops.drl");
        String[] risks = {"0.009", "0.008", "0.0075", "0.012", "0.01"};
        int changes = 0;
        try (RulesWatcher watcher = new RulesWatcher(dir, Duration.ofMillis(100),
                () -> reloader.reload("file-change", "watcher"))) {
            for (int round = 0; changes < 50; round++) {
                String risk = risks[round % risks.length];
                java.time.Instant changedAt = java.time.Instant.now();
                switch (round % 10) {
                    case 0 -> tree.save("parameters/Parameters.drl", RulesTree.parametersWithRisk(parameters, risk));
                    case 1 -> tree.write("parameters/Parameters.drl", RulesTree.parametersWithRisk(parameters, risk));
                    case 2 -> tree.write("entry/Broken.drl", "package entry;\nrule \"Half\" when\n");
                    case 3 -> {
                        tree.delete("entry/Broken.drl");
                        tree.write("entry/Unsafe.drl", UNSAFE);
                    }
                    case 4 -> {
                        tree.delete("entry/Unsafe.drl");
                        tree.save("parameters/Parameters.drl", RulesTree.parametersWithRisk(parameters, risk));
                    }
                    case 5 -> tree.save("entry/Stops.drl", stops.replace("\"STOP_REQUIRED\"", "\"NO_STOP\""));
                    case 6 -> tree.save("entry/Stops.drl", stops);
                    case 7 -> tree.rename("management/TrailingStop.drl", "management/trailing/TrailingStop.drl");
                    case 8 -> tree.rename("management/trailing/TrailingStop.drl", "management/TrailingStop.drl");
                    default -> tree.delete("exits/TraderExits.drl");
                }
                changes++;
                if (round % 10 == 9) {
                    tree.write("exits/TraderExits.drl", RuleSources.readDrl(StandardRuleSet.RULES)
                            .get("exits/TraderExits.drl"));
                    changes++;
                }
                if (round % 4 == 0) {
                    Thread.sleep(20); // a burst: the next change follows at once and both make one reload
                } else {
                    awaitAttemptAfter(reloader, changedAt); // one by one: each change gets its own reload
                }
            }
            // the last edit repairs whatever the sequence left broken, so the final tree is one that can go live
            tree.delete("entry/Broken.drl");
            tree.delete("entry/Unsafe.drl");
            tree.save("entry/Stops.drl", stops);
            changes++;
            String finalVersion = tree.version();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!finalVersion.equals(holder.current().orElseThrow().version()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get();
            }
            load.shutdown();

            System.out.printf("hot reload under load: %d changes, %d activations, %d versions served, %d evaluations, "
                    + "%d failures%n", changes, activated.size(), servedBy.size(), evaluations.get(), failures.size());
            assertThat(failures).isEmpty();
            assertThat(changes).isGreaterThanOrEqualTo(50);
            assertThat(activated.size()).isGreaterThanOrEqualTo(10);
            assertThat(servedBy).as("decisions came from more than one version").hasSizeGreaterThanOrEqualTo(2);
            assertThat(evaluations.get()).isGreaterThan(1000);
            assertThat(holder.current().orElseThrow().version()).isEqualTo(finalVersion);
            assertThat(reloader.status().lastAttempt().ok()).isTrue();
        }
    }

    /**
     * Waits until the reloader has made an attempt that started after {@code changedAt}. The deadline only guards
     * against a hang: a reload on a busy 2-core machine (the first one compiles on a cold compiler, since the start
     * loads the precompiled rules) can take several seconds, and a change not waited for merges with the next.
     */
    private static void awaitAttemptAfter(RuleSetReloader reloader, java.time.Instant changedAt)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            ReloadReport last = reloader.status().lastAttempt();
            if (last != null && last.at().isAfter(changedAt)) {
                return;
            }
            Thread.sleep(20);
        }
    }
}

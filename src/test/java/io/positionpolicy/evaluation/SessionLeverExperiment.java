package io.positionpolicy.evaluation;

import io.positionpolicy.bench.InProcessThroughput;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.rules.QuietLogging;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.StatelessKieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Issue 20's session levers, measured in one JVM through {@link Evaluator} itself, each with its own way of handing out
 * sessions: {@code pool} is the service's (Drools' pool, a session reset on dispose); {@code fresh} builds a new session
 * for each evaluation; {@code retract} keeps one session and, on dispose, deletes every fact instead of resetting it.
 * Each strategy's decisions are first compared with the pool's on every scenario request, three passes; then the
 * strategies that decide the same run in alternating rounds on one thread. Not a test: run it with
 * {@code scripts/bench-engine-levers.sh sessions}.
 */
public final class SessionLeverExperiment {
    private SessionLeverExperiment() {
    }

    public static void main(String[] args) {
        QuietLogging.apply();
        Path rules = Path.of(args.length > 0 ? args[0] : "rules");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        String[] names = args.length > 3 ? args[3].split(",") : new String[] {"pool", "fresh", "retract"};
        RuleSet pooled = new RuleCompiler(SessionLeverExperiment.class.getClassLoader())
                .compile(RuleSources.readDrl(rules));
        List<EvaluationRequest> requests = InProcessThroughput.scenarioRequests(rules);

        RuleSet[] strategies = new RuleSet[names.length];
        for (int s = 0; s < names.length; s++) {
            strategies[s] = switch (names[s]) {
                case "pool" -> pooled;
                case "fresh" -> withSessions(pooled, () -> pooled.kieBase().newKieSession());
                case "retract" -> withSessions(pooled, retracting(pooled.kieBase().newKieSession()));
                default -> throw new IllegalArgumentException("unknown strategy " + names[s]);
            };
        }
        List<Integer> usable = new ArrayList<>();
        for (int s = 0; s < strategies.length; s++) {
            String differs = firstDifference(pooled, strategies[s], requests);
            if (differs == null) {
                usable.add(s);
                System.out.printf(Locale.ROOT, "%s: the same %d decisions as the pool's, three passes%n", names[s],
                        3 * requests.size());
            } else {
                System.out.printf(Locale.ROOT, "%s: not measured, %s%n", names[s], differs);
            }
        }
        for (int s : usable) {
            InProcessThroughput.run(strategies[s], requests, 10, "warm-up " + names[s]);
        }
        double[][] rates = new double[strategies.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < usable.size(); k++) {
                int s = usable.get((k + r) % usable.size());
                rates[s][r] = InProcessThroughput.run(strategies[s], requests, seconds, "round " + r + " " + names[s]);
            }
        }
        int reference = usable.get(0);
        for (int s : usable) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = rates[s][r] / rates[reference][r];
            }
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "%s / %s: median %.3f, range %.3f–%.3f%n", names[s], names[reference],
                    ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
        }
    }

    /** {@code ruleSet} with its sessions from {@code sessions}. */
    private static RuleSet withSessions(RuleSet ruleSet, Supplier<KieSession> sessions) {
        KieSessionsPool pool = new KieSessionsPool() {
            @Override
            public KieSession newKieSession() {
                return sessions.get();
            }

            @Override
            public KieSession newKieSession(KieSessionConfiguration conf) {
                throw new UnsupportedOperationException();
            }

            @Override
            public StatelessKieSession newStatelessKieSession() {
                throw new UnsupportedOperationException();
            }

            @Override
            public StatelessKieSession newStatelessKieSession(KieSessionConfiguration conf) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void shutdown() {
            }
        };
        return new RuleSet(ruleSet.version(), ruleSet.files(), ruleSet.kieBase(), pool, ruleSet.ruleFiles(),
                ruleSet.compiledAt(), ruleSet.compileMillis(), ruleSet.filesByRule());
    }

    /** {@code kept}, handed out again and again, its facts all deleted where a pooled session would be reset. */
    private static Supplier<KieSession> retracting(KieSession kept) {
        KieSession handle = (KieSession) Proxy.newProxyInstance(KieSession.class.getClassLoader(),
                new Class<?>[] {KieSession.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("dispose") && method.getParameterCount() == 0) {
                        for (FactHandle fact : new ArrayList<FactHandle>(kept.getFactHandles())) {
                            kept.delete(fact);
                        }
                        return null;
                    }
                    try {
                        return method.invoke(kept, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return () -> handle;
    }

    /** Where {@code candidate} first decides otherwise than {@code reference}, in words; null if it never does. */
    private static String firstDifference(RuleSet reference, RuleSet candidate, List<EvaluationRequest> requests) {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-29T00:00:00Z");
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < requests.size(); i++) {
                Decision expected = Evaluator.evaluate(reference, requests.get(i), id, at);
                Decision actual = Evaluator.evaluate(candidate, requests.get(i), id, at);
                if (!expected.equals(actual)) {
                    return "request " + i + " of pass " + pass + " is decided otherwise: " + expected.verdict()
                            + " after " + expected.firedRules().size() + " firings, against " + actual.verdict()
                            + " after " + actual.firedRules().size();
                }
            }
        }
        return null;
    }
}

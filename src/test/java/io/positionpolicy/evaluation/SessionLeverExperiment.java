package io.positionpolicy.evaluation;

import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.rules.QuietLogging;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSources;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Issue 20's untried engine levers, measured in one JVM: how an evaluation gets its session. {@code pool} is what
 * {@link Evaluator} does (a pooled session, reset on dispose); {@code fresh} builds a new session each time;
 * {@code retract} keeps one session and deletes every fact after each evaluation instead of resetting it. Each
 * strategy's decisions are first compared with the pool's on every scenario request; then the strategies run in
 * alternating rounds on one thread. Not a test: {@code java -cp … io.positionpolicy.evaluation.SessionLeverExperiment
 * rules 5 6} (rules directory, seconds per round, rounds); run it with {@code -Ddrools.jittingThreshold=…} to measure
 * the constraint JIT threshold.
 */
public final class SessionLeverExperiment {
    private SessionLeverExperiment() {
    }

    interface Sessions {
        KieSession take();

        void give(KieSession session);
    }

    public static void main(String[] args) {
        QuietLogging.apply();
        Path rules = Path.of(args.length > 0 ? args[0] : "rules");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        RuleSet ruleSet = new RuleCompiler(SessionLeverExperiment.class.getClassLoader())
                .compile(RuleSources.readDrl(rules));
        List<EvaluationRequest> requests = ScenarioFiles.load(rules.resolve("tests")).stream()
                .filter(s -> !s.expect().has("invalid"))
                .map(Scenario::given).map(RequestParser::parse).toList();

        Sessions pool = new Sessions() {
            public KieSession take() {
                return ruleSet.newSession();
            }

            public void give(KieSession session) {
                session.dispose();
            }
        };
        Sessions fresh = new Sessions() {
            public KieSession take() {
                return ruleSet.kieBase().newKieSession();
            }

            public void give(KieSession session) {
                session.dispose();
            }
        };
        KieSession kept = ruleSet.kieBase().newKieSession();
        Sessions retract = new Sessions() {
            public KieSession take() {
                return kept;
            }

            public void give(KieSession session) {
                for (FactHandle handle : new ArrayList<FactHandle>(session.getFactHandles())) {
                    session.delete(handle);
                }
                if (session.getFactCount() != 0) {
                    throw new IllegalStateException(session.getFactCount() + " facts left");
                }
            }
        };
        String[] names = args.length > 3 ? args[3].split(",") : new String[] {"pool", "fresh"};
        Sessions[] strategies = new Sessions[names.length];
        for (int s = 0; s < names.length; s++) {
            strategies[s] = switch (names[s]) {
                case "pool" -> pool;
                case "fresh" -> fresh;
                case "retract" -> retract;
                default -> throw new IllegalArgumentException(names[s]);
            };
        }

        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-29T00:00:00Z");
        List<Integer> usable = new ArrayList<>(List.of(0));
        for (int s = 1; s < strategies.length; s++) {
            String differs = firstDifference(ruleSet, pool, strategies[s], requests, id, at);
            if (differs == null) {
                usable.add(s);
                System.out.printf(Locale.ROOT, "%s: the same %d decisions as the pool's, three passes%n", names[s],
                        3 * requests.size());
            } else {
                System.out.printf(Locale.ROOT, "%s: not measured, %s%n", names[s], differs);
            }
        }
        for (int s : usable) {
            run(ruleSet, strategies[s], requests, 10, "warm-up " + names[s]);
        }
        double[][] rates = new double[strategies.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < usable.size(); k++) {
                int s = usable.get((k + r) % usable.size());
                rates[s][r] = run(ruleSet, strategies[s], requests, seconds, "round " + r + " " + names[s]);
            }
        }
        for (int s : usable) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = rates[s][r] / rates[0][r];
            }
            java.util.Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "%s / pool: median %.3f, range %.3f–%.3f%n", names[s],
                    ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
        }
    }

    /** Where {@code candidate} first decides otherwise than {@code reference}, in words; null if it never does. */
    private static String firstDifference(RuleSet ruleSet, Sessions reference, Sessions candidate,
            List<EvaluationRequest> requests, UUID id, Instant at) {
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < requests.size(); i++) {
                Decision expected = evaluate(ruleSet, reference, requests.get(i), id, at);
                Decision actual = evaluate(ruleSet, candidate, requests.get(i), id, at);
                if (!expected.equals(actual)) {
                    return "request " + i + " of pass " + pass + " is decided otherwise: " + expected.verdict() + " after "
                            + expected.firedRules().size() + " firings, against " + actual.verdict() + " after "
                            + actual.firedRules().size();
                }
            }
        }
        return null;
    }

    private static double run(RuleSet ruleSet, Sessions sessions, List<EvaluationRequest> requests, int seconds,
            String label) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long count = 0;
        long started = System.nanoTime();
        UUID id = UUID.randomUUID();
        Instant at = Instant.now();
        while (System.nanoTime() < end) {
            for (EvaluationRequest request : requests) {
                evaluate(ruleSet, sessions, request, id, at);
            }
            count += requests.size();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        double rate = count / elapsed;
        System.out.printf(Locale.ROOT, "%s: %.0f evaluations/s%n", label, rate);
        return rate;
    }

    /** {@link Evaluator#evaluate} with the session taken from and given back to {@code sessions}. */
    static Decision evaluate(RuleSet ruleSet, Sessions sessions, EvaluationRequest request, UUID id, Instant at) {
        List<FieldError> errors = RequestValidator.validate(request);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Facts facts = Facts.from(request, at, List.of());
        FiringRecorder recorder = new FiringRecorder(ruleSet);
        EvaluationLimits limits = EvaluationLimits.current();
        KieSession session = sessions.take();
        RunGuard guard = new RunGuard(session, ruleSet, recorder, limits.timeBudget().toNanos());
        try {
            session.addEventListener(guard);
            facts.forEach(session::insert);
            session.fireAllRules(guard, limits.maxFirings());
            recorder.finish();
        } finally {
            session.removeEventListener(guard);
            sessions.give(session);
        }
        return DecisionAssembler.assemble(id.toString(), request.requestId(), ruleSet.version(), at, facts, recorder);
    }
}

package io.positionpolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.RequestValidator;
import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.Verdict;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.StandardRuleSet;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link HandWrittenPolicy} decides exactly as the shipped DRL: every request of every scenario file in rules/tests
 * (the invalid ones must be refused with the same errors), the request examples in examples/, and a few
 * thousand requests derived from them at random with a fixed seed (which must reach the cases of issue 13: each pair
 * of limits broken at once and crossed trailing stops, on both sides). Decisions are compared field by field, exactly
 * (doubles included) and whole: verdict, actions, violations and adjustments with their rule and message, metrics, and
 * the fired rules in order with their files and messages. A mismatch names the request and the field. It compares
 * the policy without the trading controls of {@code rules/controls/} ({@link StandardRuleSet#policyOnly()}); that the
 * controls leave the policy's decisions alone is {@code ControlsKeepPolicyDecisionsTest}'s job.
 *
 * <p>Where the DRL and POLICY.md read differently, the reference follows the DRL. Noticed while writing it:
 * <ul>
 *   <li>The stop checks judge the stop as asked, the risk figures the stop rounded to the tick towards the price. A
 *       stop within a tick of the price can round onto it or past it: nothing is sized, and ExchangeFilters.drl
 *       rejects it as {@code STOP_WRONG_SIDE} with the rounding's numbers (until 2026-11-29 the engine answered REJECT
 *       {@code NO_DECISION}). An ADD's stop less than a tick looser than the current one is {@code STOP_LOOSENED}
 *       though it rounds to the current stop.</li>
 *   <li>The add cap has no code of its own: an add it cuts below the minimum is {@code BELOW_MIN_SIZE}, raised once
 *       (with the sized numbers when the order as sized is already below the minimum).</li>
 *   <li>A crossed trailing stop is judged at the stop as it would be placed (on the tick grid, towards the price), not
 *       at {@code highestPrice − trailAtrMultiple × atr} itself: within one tick of the last price it closes.</li>
 *   <li>A take-profit tier reduces at least the smallest order ({@code minQty} put on the step, at least one step;
 *       POLICY.md: {@code floor(share × peak)}), and what would be left below {@code minNotional} is closed too.</li>
 *   <li>A trader's REDUCE floored below the smallest order is raised to it (an exit is never refused; until
 *       2026-11-29 the engine answered ADJUST with a REDUCE of 0 contracts).</li>
 *   <li>The trailing stop is put on the tick grid and moves only while it stays on the losing side of the last price.</li>
 *   <li>An ADD without a leverage takes the position's, and a cut of it counts as a change to the request (ADJUST).</li>
 *   <li>{@code markPrice} is accepted but no rule reads it.</li>
 * </ul>
 */
class HandWrittenPolicyTest {
    private static final Path EXAMPLES = Path.of("examples");
    private static final long SEED = 20_261_125L;
    private static final int RANDOM_REQUESTS = 8_000;
    private static final UUID ID = UUID.fromString("01900000-0000-7000-8000-000000000007");
    private static final Instant AT = Instant.parse("2026-11-25T00:00:00Z");

    @TestFactory
    Stream<DynamicTest> everyScenarioRequest() {
        List<Scenario> scenarios = ScenarioFiles.load(StandardRuleSet.RULES.resolve("tests"));
        assertTrue(scenarios.size() >= 49, "found only " + scenarios.size() + " scenarios");
        return scenarios.stream().map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
            List<String> differences = differences(RequestParser.parse(scenario.given()));
            assertTrue(differences.isEmpty(), () -> mismatch(scenario.name(), differences));
        }));
    }

    @TestFactory
    Stream<DynamicTest> requestExamples() throws IOException {
        return examples().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            List<String> differences = differences(RequestParser.parse(Files.readAllBytes(file)));
            assertTrue(differences.isEmpty(), () -> mismatch(file.toString(), differences));
        }));
    }

    @Test
    void randomRequestsDerivedFromTheScenariosAndExamples() throws IOException {
        RandomRequests generator = new RandomRequests(SEED, seeds());
        List<String> failures = new ArrayList<>();
        Set<Verdict> verdicts = EnumSet.noneOf(Verdict.class);
        Set<String> codes = new TreeSet<>();
        Set<String> rules = new TreeSet<>();
        Map<String, Integer> cases = new TreeMap<>();
        List<String> undecided = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        int valid = 0;
        for (int i = 0; i < RANDOM_REQUESTS; i++) {
            EvaluationRequest request = generator.next();
            List<String> differences = differences(request);
            if (!differences.isEmpty() && failures.size() < 10) {
                failures.add(mismatch("random request #" + i + " (seed " + SEED + ")", differences)
                        + "\n  request: " + request);
            }
            if (RequestValidator.validate(request).isEmpty()) {
                valid++;
                Decision decision = Evaluator.evaluate(StandardRuleSet.policyOnly(), request, ID, AT);
                verdicts.add(decision.verdict());
                decision.violations().forEach(v -> codes.add(v.code()));
                if (decision.violations().stream().anyMatch(v -> v.code().equals("NO_DECISION"))) {
                    undecided.add("random request #" + i + ": " + request);
                }
                if (decision.actions().stream().anyMatch(a -> a.quantity() != null && !(a.quantity() > 0))) {
                    empty.add("random request #" + i + ": " + decision.actions() + "\n  request: " + request);
                }
                decision.firedRules().forEach(r -> rules.add(r.name()));
                newCases(request, decision).forEach(c -> cases.merge(c, 1, Integer::sum));
            }
        }
        assertEquals(List.of(), failures, () -> String.join("\n\n", failures));
        // The shipped rules decide every valid request: NO_DECISION is for an edited rule set that leaves one open.
        assertEquals(List.of(), undecided, "valid requests the shipped rules left undecided");
        // Every order the rules ask for has something in it: a reduce or a tier floored to nothing is no order.
        assertEquals(List.of(), empty, "valid requests answered with an order of no contracts");
        // The random mix must reach what the scenarios reach, or it proves little.
        assertTrue(valid > RANDOM_REQUESTS * 9 / 10, "only " + valid + " valid random requests");
        assertEquals(EnumSet.allOf(Verdict.class), verdicts);
        assertTrue(codes.size() >= 10, "violations raised: " + codes);
        Set<String> all = new TreeSet<>();
        StandardRuleSet.policyOnly().kieBase().getKiePackages().forEach(p -> p.getRules().forEach(r -> all.add(r.getName())));
        assertEquals(all, rules, "every rule must fire somewhere in the random mix");
        // ... and the cases of issue 13: each pair of limits broken at once, and crossed trailing stops, both sides.
        Set<String> wanted = new TreeSet<>(List.of(
                "limits PORTFOLIO_RISK_EXCEEDED+RISK_BUDGET_EXCEEDED LONG",
                "limits PORTFOLIO_RISK_EXCEEDED+RISK_BUDGET_EXCEEDED SHORT",
                "limits BELOW_MIN_SIZE+RISK_BUDGET_EXCEEDED LONG", "limits BELOW_MIN_SIZE+RISK_BUDGET_EXCEEDED SHORT",
                "limits BELOW_MIN_SIZE+PORTFOLIO_RISK_EXCEEDED LONG",
                "limits BELOW_MIN_SIZE+PORTFOLIO_RISK_EXCEEDED SHORT",
                "order cut by 2 caps", "order cut by 3 caps",
                "TRAILING_STOP_HIT tier taken before LONG", "TRAILING_STOP_HIT tier taken before SHORT",
                "TRAILING_STOP_HIT tier reached now LONG", "TRAILING_STOP_HIT tier reached now SHORT"));
        for (String c : wanted) {
            assertTrue(cases.getOrDefault(c, 0) >= 5, () -> "too few random requests with " + c + ": " + cases);
        }
    }

    private static final Set<String> CAP_CODES = Set.of("RISK_BUDGET_EXCEEDED", "PORTFOLIO_RISK_EXCEEDED",
            "BELOW_MIN_SIZE");

    /** The issue-13 cases a decision falls into, for the coverage check of the random mix. */
    private static List<String> newCases(EvaluationRequest request, Decision decision) {
        List<String> found = new ArrayList<>();
        String side = String.valueOf(request.intent().side() != null ? request.intent().side()
                : request.position().side());
        List<String> codes = decision.violations().stream().map(Decision.Violation::code)
                .filter(CAP_CODES::contains).distinct().sorted().toList();
        for (int a = 0; a < codes.size(); a++) {
            for (int b = a + 1; b < codes.size(); b++) {
                found.add("limits " + codes.get(a) + "+" + codes.get(b) + " " + side);
            }
        }
        long cuts = decision.adjustments().stream().filter(a -> a.field().equals("quantity")
                && a.rule().contains("shrink")).count();
        if (decision.verdict() == Verdict.ADJUST && cuts >= 2) {
            found.add("order cut by " + cuts + " caps");
        }
        decision.actions().stream().filter(a -> "TRAILING_STOP_HIT".equals(a.reason())).forEach(a -> {
            Integer taken = request.position().tiersTaken();
            found.add("TRAILING_STOP_HIT " + (taken != null && taken > 0 ? "tier taken before " : "tier reached now ")
                    + side);
        });
        return found;
    }

    /** Every way the reference's answer to {@code request} differs from the rule engine's; empty when they agree. */
    private static List<String> differences(EvaluationRequest request) {
        RuleSet ruleSet = StandardRuleSet.policyOnly();
        Object drools = outcome(() -> Evaluator.evaluate(ruleSet, request, ID, AT));
        Object reference = outcome(() -> HandWrittenPolicy.evaluate(request, ID.toString(), ruleSet.version(), AT));
        List<String> differences = new ArrayList<>();
        if (drools instanceof InvalidRequestException d && reference instanceof InvalidRequestException r) {
            compare("invalid request errors", d.errors(), r.errors(), differences);
        } else if (drools instanceof Decision d && reference instanceof Decision r) {
            compare("decision", d, r, differences);
        } else {
            differences.add("outcome: drools " + drools + ", reference " + reference);
        }
        return differences;
    }

    private static Object outcome(java.util.function.Supplier<Decision> evaluation) {
        try {
            return evaluation.get();
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Field by field through records and lists, so that a difference is named by its path. */
    private static void compare(String path, Object drools, Object reference, List<String> differences) {
        if (drools instanceof Record d && reference instanceof Record r && d.getClass() == r.getClass()) {
            for (RecordComponent component : d.getClass().getRecordComponents()) {
                compare(path + "." + component.getName(), value(component, d), value(component, r), differences);
            }
        } else if (drools instanceof List<?> d && reference instanceof List<?> r) {
            if (d.size() != r.size()) {
                differences.add(path + ": drools has " + d.size() + " " + d + "\n      reference has " + r.size()
                        + " " + r);
                return;
            }
            for (int i = 0; i < d.size(); i++) {
                compare(path + "[" + i + "]", d.get(i), r.get(i), differences);
            }
        } else if (!Objects.equals(drools, reference)) {
            differences.add(path + ": drools " + drools + ", reference " + reference);
        }
    }

    private static Object value(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mismatch(String name, List<String> differences) {
        return name + ": the hand-written policy differs from the DRL\n  " + String.join("\n  ", differences);
    }

    private static List<Path> examples() throws IOException {
        if (!Files.isDirectory(EXAMPLES)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The valid requests of the scenario files and the examples/. */
    static List<EvaluationRequest> seeds() throws IOException {
        List<EvaluationRequest> seeds = new ArrayList<>();
        for (Scenario scenario : ScenarioFiles.load(StandardRuleSet.RULES.resolve("tests"))) {
            if (!scenario.expect().has("invalid")) {
                seeds.add(RequestParser.parse(scenario.given()));
            }
        }
        for (Path file : examples()) {
            seeds.add(RequestParser.parse(Files.readAllBytes(file)));
        }
        return seeds;
    }
}

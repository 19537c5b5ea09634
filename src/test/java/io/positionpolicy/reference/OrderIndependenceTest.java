package io.positionpolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestValidator;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.facts.Phase;
import io.positionpolicy.rules.RuleCompiler;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.StandardRuleSet;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No verdict, quantity, violation or adjustment depends on the order in which the engine fires the rules of one phase
 * (STYLE.md 13, issue 13). The shipped DRL is recompiled with that order changed, and every valid scenario request
 * plus a few thousand random ones must get the same decision from it as from the shipped rule set.
 *
 * <p>The order changes three ways at once: the files are compiled in another order, the rules inside each file are
 * reordered (Drools breaks a salience tie by the rule's place in its package), and each rule's salience gets a random
 * offset inside its phase ({@code salience (Phase.X.salience())} becomes {@code salience (Phase.X.salience() + r)},
 * {@code |r| < Phase.SPACING / 2}), so any two rules of one phase may fire either way round. The phases themselves
 * are kept: they are the order the policy needs (rules/README.md), and a control test shows that mixing them does
 * change decisions, which is also what proves the comparison can see a difference.
 *
 * <p>Compared: verdict, actions (in order), metrics, and as multisets the violations and adjustments with their rules
 * and messages, and the fired rules with their messages. Only the order of the fired rules and adjustments may differ.
 */
class OrderIndependenceTest {
    private static final long SEED = 20_261_126L;
    private static final int RANDOM_REQUESTS = 2_500;
    private static final UUID ID = UUID.fromString("01900000-0000-7000-8000-000000000013");
    private static final Instant AT = Instant.parse("2026-11-26T00:00:00Z");
    private static final Pattern PHASE_SALIENCE = Pattern.compile("salience \\(Phase\\.(\\w+)\\.salience\\(\\)\\)");
    private static final Pattern RULE_START = Pattern.compile("(?m)^rule \"");

    private static List<EvaluationRequest> requests;
    private static List<Decision> shipped;

    @BeforeAll
    static void requests() throws IOException {
        List<EvaluationRequest> all = new ArrayList<>(HandWrittenPolicyTest.seeds());
        all.addAll(RandomRequests.take(new RandomRequests(SEED, HandWrittenPolicyTest.seeds()), RANDOM_REQUESTS));
        requests = all.stream().filter(r -> RequestValidator.validate(r).isEmpty()).toList();
        assertTrue(requests.size() > RANDOM_REQUESTS * 9 / 10, "only " + requests.size() + " valid requests");
        shipped = requests.stream().map(r -> Evaluator.evaluate(StandardRuleSet.get(), r, ID, AT)).toList();
    }

    @Test
    void everyRuleNamesItsPhase() {
        // Decision tables (*.drl.csv) are left out: their rows generate rules that only state facts (limits), so no
        // phase applies; the rules that act on those facts are DRL and name theirs.
        int rules = (int) StandardRuleSet.get().ruleFiles().values().stream().filter(f -> f.endsWith(".drl")).count();
        int phased = 0;
        for (String text : StandardRuleSet.get().files().entrySet().stream().filter(f -> f.getKey().endsWith(".drl"))
                .map(java.util.Map.Entry::getValue).toList()) {
            phased += (int) PHASE_SALIENCE.matcher(text).results().count();
            assertEquals(RULE_START.matcher(text).results().count(), PHASE_SALIENCE.matcher(text).results().count(),
                    "every rule of a file says its phase, once:\n" + text);
        }
        assertEquals(rules, phased);
        assertTrue(StandardRuleSet.get().files().values().stream().noneMatch(t -> t.matches("(?s).*salience -?\\d.*")),
                "no bare salience numbers: a rule's place in the order is its phase");
    }

    @Test
    void filesAndRulesInReverseOrderDecideTheSame() {
        SortedMap<String, String> reversed = new TreeMap<>(Comparator.reverseOrder());
        StandardRuleSet.get().files().forEach((path, text) -> reversed.put(path, reorderRules(text, Collections::reverse)));
        assertSameDecisions("files and rules reversed", compile(reversed));
    }

    @Test
    void rulesShuffledInsideTheirPhasesDecideTheSame() {
        for (int round = 0; round < 3; round++) {
            Random random = new Random(SEED + round);
            SortedMap<String, String> shuffled = shuffledFileOrder(random);
            StandardRuleSet.get().files().forEach((path, text) -> shuffled.put(path,
                    jitterSalience(reorderRules(text, rules -> Collections.shuffle(rules, random)),
                            phase -> phase + random.nextInt(Phase.SPACING - 1) - (Phase.SPACING / 2 - 1))));
            assertSameDecisions("shuffle " + round, compile(shuffled));
        }
    }

    /** The control: with the phases mixed up the decisions do change, so the comparison above can fail. */
    @Test
    void phasesMixedUpDecideDifferently() {
        Random random = new Random(SEED);
        SortedMap<String, String> mixed = new TreeMap<>();
        StandardRuleSet.get().files().forEach((path, text) -> mixed.put(path,
                jitterSalience(text, phase -> random.nextInt(Phase.values().length * Phase.SPACING))));
        List<String> differences = differences(compile(mixed));
        assertTrue(differences.size() > requests.size() / 100, "mixing the phases changed only " + differences.size()
                + " decisions");
    }

    // ---- comparing ----

    private static void assertSameDecisions(String variant, RuleSet reordered) {
        List<String> differences = new ArrayList<>();
        int reorderedFirings = 0;
        for (int i = 0; i < requests.size(); i++) {
            Decision other = Evaluator.evaluate(reordered, requests.get(i), ID, AT);
            difference(i, other).ifPresent(differences::add);
            if (!firedNames(shipped.get(i)).equals(firedNames(other))) {
                reorderedFirings++;
            }
        }
        assertEquals(List.of(), differences.subList(0, Math.min(5, differences.size())),
                variant + ": " + differences.size() + " of " + requests.size() + " decisions differ");
        // Otherwise the rewrite changed nothing and the comparison proved nothing.
        assertTrue(reorderedFirings > requests.size() / 100, variant + ": only " + reorderedFirings
                + " requests fired their rules in another order");
    }

    private static List<String> differences(RuleSet reordered) {
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            difference(i, Evaluator.evaluate(reordered, requests.get(i), ID, AT)).ifPresent(differences::add);
        }
        return differences;
    }

    private static java.util.Optional<String> difference(int i, Decision other) {
        List<Object> base = comparable(shipped.get(i));
        List<Object> reordered = comparable(other);
        return base.equals(reordered) ? java.util.Optional.empty()
                : java.util.Optional.of(requests.get(i) + "\n  shipped:   " + base + "\n  reordered: " + reordered);
    }

    /** The decision without its rule-set version and with the lists whose order is the firing order sorted. */
    private static List<Object> comparable(Decision d) {
        return List.of(d.verdict(), d.actions(), d.metrics(), sorted(d.violations()), sorted(d.adjustments()),
                sorted(d.firedRules()));
    }

    private static List<String> sorted(List<?> items) {
        return items.stream().map(String::valueOf).sorted().toList();
    }

    private static List<String> firedNames(Decision d) {
        return d.firedRules().stream().map(Decision.FiredRule::name).toList();
    }

    // ---- rewriting the DRL ----

    private static RuleSet compile(SortedMap<String, String> files) {
        return new RuleCompiler(OrderIndependenceTest.class.getClassLoader()).compile(files);
    }

    private static SortedMap<String, String> shuffledFileOrder(Random random) {
        List<String> paths = new ArrayList<>(StandardRuleSet.get().files().keySet());
        Collections.shuffle(paths, random);
        Map<String, Integer> rank = new TreeMap<>();
        for (int i = 0; i < paths.size(); i++) {
            rank.put(paths.get(i), i);
        }
        return new TreeMap<>(Comparator.comparing(rank::get));
    }

    /** The file with its rules (each from {@code rule "} to the next) put in another order by {@code reorder}. */
    static String reorderRules(String text, java.util.function.Consumer<List<String>> reorder) {
        Matcher start = RULE_START.matcher(text);
        List<Integer> starts = new ArrayList<>();
        while (start.find()) {
            starts.add(start.start());
        }
        if (starts.isEmpty()) {
            return text;
        }
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            String rule = text.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : text.length());
            rules.add(rule.endsWith("\n") ? rule : rule + "\n");
        }
        reorder.accept(rules);
        return text.substring(0, starts.get(0)) + String.join("", rules);
    }

    /** Each {@code salience (Phase.X.salience())} replaced by the number {@code salience} makes of the phase's. */
    static String jitterSalience(String text, IntUnaryOperator salience) {
        return PHASE_SALIENCE.matcher(text).replaceAll(m -> "salience "
                + salience.applyAsInt(Phase.valueOf(m.group(1)).salience()));
    }
}

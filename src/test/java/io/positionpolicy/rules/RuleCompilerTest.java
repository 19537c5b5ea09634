package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.positionpolicy.evaluation.Facts;
import io.positionpolicy.evaluation.RequestParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;

class RuleCompilerTest {
    private final RuleCompiler compiler = new RuleCompiler(getClass().getClassLoader());

    @Test
    void reportsEveryErrorWithItsFileAndLine() {
        SortedMap<String, String> files = new TreeMap<>(RuleSources.readDrl(StandardRuleSet.RULES));
        files.put("broken/Broken.drl", """
                package broken;

                rule "Half written"
                when
                    NoSuchFact( x > 1 )
                then
                end
                """);
        files.put("entry/Volatility.drl", files.get("entry/Volatility.drl").replace("$maxAtrPct )", "$maxAtrPct"));

        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> compiler.compile(files));

        assertThat(e.problems()).extracting(RuleProblem::file).contains("broken/Broken.drl", "entry/Volatility.drl");
        assertThat(e.problems()).filteredOn(p -> p.file().equals("broken/Broken.drl"))
                .allSatisfy(p -> assertThat(p.line()).isGreaterThan(0));
        assertThat(e.getMessage()).contains("broken/Broken.drl:");
    }

    @Test
    void versionIsAContentHashOverPathsAndText() {
        SortedMap<String, String> files = RuleSources.readDrl(StandardRuleSet.RULES);
        String version = RuleSources.version(files);
        assertThat(version).matches("sha256:[0-9a-f]{64}");
        assertEquals(version, RuleSources.version(new TreeMap<>(files)));

        SortedMap<String, String> edited = new TreeMap<>(files);
        edited.put("parameters/Parameters.drl",
                files.get("parameters/Parameters.drl").replace(".riskPct(0.01)", ".riskPct(0.0075)"));
        assertNotEquals(version, RuleSources.version(edited));

        SortedMap<String, String> moved = new TreeMap<>(files);
        moved.put("parameters/Moved.drl", moved.remove("parameters/Parameters.drl"));
        assertNotEquals(version, RuleSources.version(moved));
    }

    @Test
    void knowsTheFileOfEveryRule() {
        RuleSet ruleSet = StandardRuleSet.get();
        assertEquals("entry/RiskBudget.drl", ruleSet.fileOf("entry", "Position risk above the budget: shrink the order"));
        assertEquals("management/TrailingStop.drl",
                ruleSet.fileOf("management", "First tier taken: trail the stop behind the best price"));
        assertThat(ruleSet.ruleFiles().values()).doesNotContain("?");
    }

    /** A firing names its file by the rule object Drools hands over, which is the KieBase's own: no key is built. */
    @Test
    void knowsTheFileOfAFiringByItsRuleObject() throws IOException {
        RuleSet ruleSet = StandardRuleSet.get();
        assertThat(ruleSet.filesByRule()).hasSameSizeAs(ruleSet.ruleFiles());
        List<Rule> fired = new ArrayList<>();
        KieSession session = ruleSet.newSession();
        try {
            Facts.from(RequestParser.parse(Files.readAllBytes(Path.of("examples/worked-example-step1.json")))).forEach(session::insert);
            session.fireAllRules(match -> fired.add(match.getRule()));
        } finally {
            session.dispose();
        }
        assertThat(fired).isNotEmpty().allSatisfy(rule -> {
            assertThat(ruleSet.filesByRule()).containsKey(rule);
            assertThat(ruleSet.fileOf(rule)).isEqualTo(ruleSet.fileOf(rule.getPackageName(), rule.getName()))
                    .isNotEqualTo("?");
        });
    }

    @Test
    void anEmptyDirectoryIsNotARuleSet() {
        assertThrows(RuleCompilationException.class, () -> compiler.compile(new TreeMap<>()));
    }
}

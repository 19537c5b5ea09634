package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

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

    @Test
    void anEmptyDirectoryIsNotARuleSet() {
        assertThrows(RuleCompilationException.class, () -> compiler.compile(new TreeMap<>()));
    }
}

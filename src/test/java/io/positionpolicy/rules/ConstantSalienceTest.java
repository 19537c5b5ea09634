package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.model.facts.Phase;
import org.junit.jupiter.api.Test;

class ConstantSalienceTest {
    private static final String RULE = """
            package p;
            import io.positionpolicy.model.facts.*;
            rule "r"
                salience (Phase.CAPS.salience()) // why
            when
            then
            end
            """;

    @Test
    void aPhaseSalienceBecomesItsNumberInPlace() {
        String inlined = ConstantSalience.inline(RULE);
        assertThat(inlined).contains("salience " + Phase.CAPS.salience() + " ").doesNotContain("Phase.CAPS")
                .hasSameSizeAs(RULE);
        assertThat(inlined.lines().toList().get(3)).hasSameSizeAs(RULE.lines().toList().get(3))
                .endsWith("// why");
    }

    @Test
    void onlyInFilesThatImportThePolicysPhaseAndOnlyForItsPhases() {
        String otherPhase = RULE.replace("import io.positionpolicy.model.facts.*;", "import other.Phase;");
        assertThat(ConstantSalience.inline(otherPhase)).isEqualTo(otherPhase);
        String unknown = RULE.replace("Phase.CAPS", "Phase.NO_SUCH_PHASE");
        assertThat(ConstantSalience.inline(unknown)).isEqualTo(unknown);
    }

    @Test
    void theCompiledRulesHaveThePhasesSalience() {
        RuleSet ruleSet = new RuleCompiler(getClass().getClassLoader()).compile(
                new java.util.TreeMap<>(java.util.Map.of("p/R.drl", RULE.replace("then", "then\n    int x = 1;"))));
        assertThat(((org.drools.base.definitions.rule.impl.RuleImpl) ruleSet.kieBase().getRule("p", "r"))
                .getSalience().getValue()).isEqualTo(Phase.CAPS.salience());
    }
}

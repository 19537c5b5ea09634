package io.positionpolicy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.ResponseJson;
import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The build's precompiled rules decide exactly as the compiled ones, and only stand in for the files they came from. */
class PrecompiledRulesTest {
    private static final UUID ID = UUID.fromString("01900000-0000-7000-8000-000000000001");
    private static final Instant AT = Instant.parse("2026-11-28T00:00:00Z");

    @Test
    void theBuildPutTheShippedRulesIntoTheClasspath() {
        SortedMap<String, String> shipped = RuleSources.readDrl(StandardRuleSet.RULES);
        assertThat(PrecompiledRules.load(shipped, getClass().getClassLoader()))
                .as("target/classes/" + PrecompiledRules.RESOURCE + " written by the build for rules/")
                .hasValueSatisfying(ruleSet -> assertThat(ruleSet.version()).isEqualTo(RuleSources.version(shipped)));
    }

    @Test
    void theBuildCheckedTheShippedRulesWithTheShippedScenariosOnly() {
        SortedMap<String, String> drl = RuleSources.readDrl(StandardRuleSet.RULES);
        SortedMap<String, String> scenarios = RuleSources.readScenarios(StandardRuleSet.RULES);
        assertThat(PrecompiledRules.checkedAtBuild(drl, scenarios)).as("the build passed rules/tests on rules/")
                .isTrue();

        SortedMap<String, String> editedScenarios = new TreeMap<>(scenarios);
        editedScenarios.put("tests/extra.yaml", "[]\n");
        assertThat(PrecompiledRules.checkedAtBuild(drl, editedScenarios)).isFalse();
        SortedMap<String, String> editedDrl = new TreeMap<>(drl);
        editedDrl.put("parameters/Extra.drl", "package extra;\n");
        assertThat(PrecompiledRules.checkedAtBuild(editedDrl, scenarios)).isFalse();
        assertThat(PrecompiledRules.checkedAtBuild(drl, new TreeMap<>())).as("no scenarios, nothing was checked")
                .isFalse();
    }

    @Test
    void aLoadedRuleSetDecidesEveryScenarioAsTheCompiledOne() throws Exception {
        RuleSet compiled = StandardRuleSet.get();
        RuleSet loaded = roundTrip(compiled, compiled.version());

        assertThat(loaded.ruleFiles()).isEqualTo(compiled.ruleFiles());
        List<Scenario> scenarios = ScenarioFiles.load(StandardRuleSet.RULES.resolve("tests"));
        assertThat(scenarios).hasSizeGreaterThan(80);
        for (Scenario scenario : scenarios) {
            assertThat(decide(loaded, scenario)).as("%s #%d", scenario.file(), scenario.index())
                    .isEqualTo(decide(compiled, scenario));
        }
    }

    @Test
    void otherFilesAreNotStoodInFor() throws Exception {
        RuleSet compiled = StandardRuleSet.get();
        SortedMap<String, String> edited = new TreeMap<>(compiled.files());
        edited.put("parameters/Extra.drl", "package extra;\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrecompiledRules.write(compiled, null, out);
        assertThat(PrecompiledRules.read(new ByteArrayInputStream(out.toByteArray()), RuleSources.version(edited),
                edited, getClass().getClassLoader(), System.nanoTime())).isEmpty();
    }

    private RuleSet roundTrip(RuleSet compiled, String version) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrecompiledRules.write(compiled, null, out);
        return PrecompiledRules.read(new ByteArrayInputStream(out.toByteArray()), version, compiled.files(),
                new RuleCompiler(getClass().getClassLoader()).parent(), System.nanoTime()).orElseThrow();
    }

    private static String decide(RuleSet ruleSet, Scenario scenario) {
        try {
            return new String(ResponseJson.write(Evaluator.evaluate(ruleSet, RequestParser.parse(scenario.given()),
                    ID, AT)), StandardCharsets.UTF_8);
        } catch (InvalidRequestException e) {
            return "invalid: " + e.errors();
        }
    }
}

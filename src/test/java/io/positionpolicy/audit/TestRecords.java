package io.positionpolicy.audit;

import io.positionpolicy.evaluation.EvaluationIds;
import io.positionpolicy.evaluation.EvaluationRecord;
import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.ResponseJson;
import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.StandardRuleSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Real evaluation records: the worked example's requests through the shipped rules. */
final class TestRecords {
    private static final List<Scenario> STEPS = ScenarioFiles.load(Path.of("rules/tests")).stream()
            .filter(s -> s.file().equals("worked-example.yaml")).toList();

    private TestRecords() {
    }

    /**
     * Archives the shipped rule set, as the service does when it goes live (before any decision is made with it):
     * verify reports every version a decision refers to that the archive lacks, so records of an unarchived rule set
     * would be flagged, rightly.
     */
    static void archiveRuleSet(javax.sql.DataSource dataSource, String instanceId) {
        RuleSet ruleSet = StandardRuleSet.get();
        RuleSetArchive archive = new RuleSetArchive(dataSource);
        if (archive.find(ruleSet.version()).isEmpty()) {
            archive.recordActivation(ruleSet.version(), ruleSet.files(), "startup", "system", instanceId);
        }
    }

    /** Record {@code i}: step {@code i % 9} of the worked example. */
    static EvaluationRecord record(int i) {
        RuleSet ruleSet = StandardRuleSet.get();
        Scenario step = STEPS.get(i % STEPS.size());
        EvaluationRequest request = RequestParser.parse(step.given());
        UUID id = EvaluationIds.next();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Decision decision = Evaluator.evaluate(ruleSet, request, id, at);
        return new EvaluationRecord(id, at, "tester", "req-" + i, request.account().id(),
                request.position() == null ? null : request.position().id(), request.instrument().symbol(),
                request.intent().type().name(), decision.verdict().name(), ruleSet.version(), 15,
                step.given().toString(), new String(ResponseJson.write(decision), StandardCharsets.UTF_8),
                decision.firedRules(), decision.violations().stream().map(Decision.Violation::code).toList());
    }
}

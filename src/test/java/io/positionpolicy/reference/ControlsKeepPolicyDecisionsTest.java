package io.positionpolicy.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.positionpolicy.evaluation.Evaluator;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.evaluation.RequestValidator;
import io.positionpolicy.evaluation.scenario.Scenario;
import io.positionpolicy.evaluation.scenario.ScenarioFiles;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.model.Verdict;
import io.positionpolicy.rules.StandardRuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The trading controls (rules/controls/) change a decision only in their own name. On the hand-written policy test's
 * random requests — no activity, every trading state ACTIVE — the shipped rules decide exactly as the policy without
 * the controls (verdict, actions, violations, adjustments, metrics), plus notes naming the protections that could not
 * be checked; except where an instrument limit rejects (its own violation code) or lowers the leverage (its own rule).
 */
class ControlsKeepPolicyDecisionsTest {
    private static final Set<String> CONTROL_CODES = Set.of("PRICE_OUTSIDE_COLLAR", "ORDER_NOTIONAL_ABOVE_LIMIT",
            "POSITION_NOTIONAL_ABOVE_LIMIT", "NOTIONAL_ABOVE_LEVERAGE_BRACKET");
    private static final Set<String> NOTE_CODES = Set.of("DAILY_LOSS_NOT_CHECKED", "COOLDOWN_NOT_CHECKED",
            "MAX_ENTRIES_NOT_CHECKED");
    private static final String LEVERAGE_LIMIT = "Leverage above the instrument limit: lower it";
    private static final UUID ID = UUID.fromString("01900000-0000-7000-8000-000000000018");
    private static final Instant AT = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void onRequestsWithoutActivityTheControlsOnlyAddNotesOrRejectInTheirOwnName() {
        List<EvaluationRequest> seeds = new ArrayList<>();
        for (Scenario scenario : ScenarioFiles.load(StandardRuleSet.RULES.resolve("tests"))) {
            if (!scenario.expect().has("invalid")) {
                seeds.add(RequestParser.parse(scenario.given()));
            }
        }
        RandomRequests generator = new RandomRequests(18L, seeds);
        int same = 0;
        int rejectedByALimit = 0;
        int leverageLowered = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            EvaluationRequest request = generator.next();
            if (!RequestValidator.validate(request).isEmpty()) {
                continue;
            }
            Decision full = Evaluator.evaluate(StandardRuleSet.get(), request, ID, AT);
            Decision policy = Evaluator.evaluate(StandardRuleSet.policyOnly(), request, ID, AT);
            List<String> codes = full.violations().stream().map(Decision.Violation::code).toList();
            if (codes.stream().anyMatch(CONTROL_CODES::contains)) {
                rejectedByALimit++;
                if (full.verdict() != Verdict.REJECT) {
                    failures.add("#" + i + ": a limit violation without REJECT");
                }
                continue;
            }
            if (full.firedRules().stream().anyMatch(r -> r.name().equals(LEVERAGE_LIMIT))) {
                leverageLowered++;
                continue;
            }
            same++;
            if (full.verdict() != policy.verdict() || !full.actions().equals(policy.actions())
                    || !full.violations().equals(policy.violations()) || !full.adjustments().equals(policy.adjustments())
                    || !full.metrics().equals(policy.metrics())) {
                failures.add("#" + i + ": " + request + "\n  with controls " + full + "\n  without " + policy);
            }
            if (full.notes() != null && !full.notes().stream().allMatch(n -> NOTE_CODES.contains(n.code()))) {
                failures.add("#" + i + ": unexpected notes " + full.notes());
            }
            if (request.intent().type().isEntry() && full.notes() == null) {
                failures.add("#" + i + ": an entry without activity must carry the not-checked notes");
            }
        }
        assertThat(failures).isEmpty();
        assertThat(same).isGreaterThan(2_000);
        assertThat(rejectedByALimit + leverageLowered).isPositive();
    }
}

package io.positionpolicy.evaluation;

import io.positionpolicy.model.Decision.FiredRule;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the journal keeps of one evaluation that reached the engine: who asked what, what was answered (the exact
 * response JSON), under which rule set, which rules fired in order. {@code verdict} is null when the engine failed.
 */
public record EvaluationRecord(
        UUID id,
        Instant evaluatedAt,
        String principal,
        String requestId,
        String accountId,
        String positionId,
        String symbol,
        String intentType,
        String verdict,
        String rulesetVersion,
        long durationMicros,
        String requestJson,
        String responseJson,
        List<FiredRule> firedRules,
        List<String> violationCodes) {
}

package io.positionpolicy.audit;

import java.time.Instant;

/**
 * One audit row as stored. {@code firedRules} is a JSON array of {@code {"name", "file"}} in firing order,
 * {@code violationCodes} the codes separated by single spaces (empty when none).
 */
record AuditRow(
        String id,
        String chainId,
        long chainSeq,
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
        String firedRules,
        String violationCodes,
        String prevHash,
        String hash) {

    AuditRow withHash(String value) {
        return new AuditRow(id, chainId, chainSeq, evaluatedAt, principal, requestId, accountId, positionId, symbol,
                intentType, verdict, rulesetVersion, durationMicros, requestJson, responseJson, firedRules,
                violationCodes, prevHash, value);
    }
}

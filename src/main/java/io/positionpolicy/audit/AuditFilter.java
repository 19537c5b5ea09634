package io.positionpolicy.audit;

import java.time.Instant;

/** Criteria of an audit search; null means "any". {@code cursor} is the id of the last record of the previous page. */
public record AuditFilter(
        String accountId,
        String positionId,
        String symbol,
        String rule,
        String verdict,
        String violation,
        String rulesetVersion,
        Instant from,
        Instant to,
        int limit,
        String cursor) {
}

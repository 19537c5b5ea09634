package io.positionpolicy.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;

/**
 * An audit record as the API shows it. {@code request}, {@code response} and {@code firedRules} are the stored JSON,
 * unchanged; the summary form (search results) leaves out request and response.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecordView(
        String id,
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
        List<String> violationCodes,
        @JsonRawValue String firedRules,
        @JsonRawValue String request,
        @JsonRawValue String response,
        String chainId,
        long chainSeq,
        String prevHash,
        String hash) {

    static AuditRecordView full(AuditRow r) {
        return new AuditRecordView(r.id(), r.evaluatedAt(), r.principal(), r.requestId(), r.accountId(),
                r.positionId(), r.symbol(), r.intentType(), r.verdict(), r.rulesetVersion(), r.durationMicros(),
                AuditRows.codes(r.violationCodes()), r.firedRules(), r.requestJson(), r.responseJson(), r.chainId(),
                r.chainSeq(), r.prevHash(), r.hash());
    }

    static AuditRecordView summary(AuditRow r) {
        return new AuditRecordView(r.id(), r.evaluatedAt(), r.principal(), r.requestId(), r.accountId(),
                r.positionId(), r.symbol(), r.intentType(), r.verdict(), r.rulesetVersion(), r.durationMicros(),
                AuditRows.codes(r.violationCodes()), r.firedRules(), null, null, r.chainId(), r.chainSeq(),
                r.prevHash(), r.hash());
    }
}

package io.positionpolicy.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * An audit record as the API shows it. {@code request}, {@code response} and {@code firedRules} are the stored JSON
 * (kept byte for byte in the store), read with exact decimals; the summary form (search results) leaves out request
 * and response.
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
        JsonNode firedRules,
        JsonNode request,
        JsonNode response,
        String chainId,
        long chainSeq,
        String prevHash,
        String hash) {

    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    static AuditRecordView full(AuditRow r) {
        return new AuditRecordView(r.id(), r.evaluatedAt(), r.principal(), r.requestId(), r.accountId(),
                r.positionId(), r.symbol(), r.intentType(), r.verdict(), r.rulesetVersion(), r.durationMicros(),
                AuditRows.codes(r.violationCodes()), json(r.firedRules()), json(r.requestJson()), json(r.responseJson()),
                r.chainId(),
                r.chainSeq(), r.prevHash(), r.hash());
    }

    static AuditRecordView summary(AuditRow r) {
        return new AuditRecordView(r.id(), r.evaluatedAt(), r.principal(), r.requestId(), r.accountId(),
                r.positionId(), r.symbol(), r.intentType(), r.verdict(), r.rulesetVersion(), r.durationMicros(),
                AuditRows.codes(r.violationCodes()), json(r.firedRules()), null, null, r.chainId(), r.chainSeq(),
                r.prevHash(), r.hash());
    }

    private static JsonNode json(String text) {
        try {
            return EXACT.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON is unreadable", e);
        }
    }
}

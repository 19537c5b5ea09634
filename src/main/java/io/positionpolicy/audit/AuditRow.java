package io.positionpolicy.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One audit record: the single declaration of what is stored, hashed, exported and shown. Each component is a
 * column of {@code audit_evaluation} (its name in snake case), in this order; the INSERT, the SELECT list, the
 * binding, the reading, the chain hash and the CSV export are all derived from it by {@link AuditColumns}. Adding a
 * column means adding a component here (at the end, nullable, so the hash of older records does not change) and a
 * migration.
 *
 * <p>As JSON (the API and NDJSON export) the documents the service wrote are copied byte for byte: {@code response}
 * and {@code firedRules} (an array of {@code {"name", "file"}} in firing order); the {@code request}, kept as the
 * client sent it (perhaps over several lines), is written compactly with its exact decimals. The summary form of
 * search results leaves out request and response.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRow(
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
        @JsonIgnore String requestJson,
        @JsonProperty("response") @JsonRawValue String responseJson,
        @JsonRawValue String firedRules,
        @JsonIgnore String violationCodes,
        String prevHash,
        String hash) {

    private static final Logger LOG = Logger.getLogger(AuditRow.class);

    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** The violation codes in the order they were raised (stored separated by single spaces). */
    @JsonProperty("violationCodes")
    public List<String> violations() {
        return AuditColumns.violationCodes(violationCodes);
    }

    /**
     * The request as the client sent it, re-encoded on one line with its numbers exactly as given. Records kept
     * before bodies were decoded on arrival may start with a byte order mark, which is not part of the JSON. A stored
     * text that still does not read as JSON is given as it is, a JSON string (a request is always an object): the
     * record stays readable and exportable, and the text shown is the text the chain hash covers.
     */
    @JsonProperty("request")
    public JsonNode request() {
        if (requestJson == null) {
            return null;
        }
        String json = requestJson.startsWith("\uFEFF") ? requestJson.substring(1) : requestJson;
        String problem = "no content";
        try {
            JsonNode tree = EXACT.readTree(json);
            if (!tree.isMissingNode()) {
                return tree;
            }
        } catch (JsonProcessingException e) {
            problem = e.getOriginalMessage();
        }
        LOG.warnf("The stored request of evaluation %s is not JSON (%s); it is shown as the stored text", id, problem);
        return JsonNodeFactory.instance.textNode(requestJson);
    }

    /** The names of the fired rules, in firing order, as stored in {@code firedRules}. */
    List<String> firedRuleNames() {
        try {
            List<String> names = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode rule
                    : io.positionpolicy.evaluation.ResponseJson.mapper().readTree(firedRules)) {
                names.add(rule.path("name").asText());
            }
            return names;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("unreadable fired_rules of " + id, e);
        }
    }

    /** The column names, in order: the header of a CSV export. */
    public static List<String> columnNames() {
        return AuditColumns.ALL.stream().map(AuditColumns.Column::name).toList();
    }

    /** Every column's stored value as text (null where none), in {@link #columnNames()}'s order. */
    public List<String> columnTexts() {
        return AuditColumns.ALL.stream().map(c -> c.text(this)).toList();
    }

    /** The search-result form: everything but the request and response documents. */
    public AuditRow summary() {
        return AuditColumns.with(this, "request_json", null, "response_json", null);
    }

    AuditRow withHash(String value) {
        return AuditColumns.with(this, "hash", value);
    }
}

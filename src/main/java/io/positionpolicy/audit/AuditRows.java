package io.positionpolicy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.evaluation.ResponseJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reading and writing {@code audit_evaluation} rows. */
final class AuditRows {
    static final String COLUMNS = "id, chain_id, chain_seq, evaluated_at, principal, request_id, account_id, "
            + "position_id, symbol, intent_type, verdict, ruleset_version, duration_micros, request_json, "
            + "response_json, fired_rules, violation_codes, prev_hash, hash";

    private AuditRows() {
    }

    static void bind(PreparedStatement statement, AuditRow row) throws SQLException {
        statement.setString(1, row.id());
        statement.setString(2, row.chainId());
        statement.setLong(3, row.chainSeq());
        statement.setObject(4, row.evaluatedAt().atOffset(ZoneOffset.UTC));
        statement.setString(5, row.principal());
        nullable(statement, 6, row.requestId());
        nullable(statement, 7, row.accountId());
        nullable(statement, 8, row.positionId());
        nullable(statement, 9, row.symbol());
        nullable(statement, 10, row.intentType());
        nullable(statement, 11, row.verdict());
        statement.setString(12, row.rulesetVersion());
        statement.setLong(13, row.durationMicros());
        statement.setString(14, row.requestJson());
        statement.setString(15, row.responseJson());
        statement.setString(16, row.firedRules());
        statement.setString(17, row.violationCodes());
        statement.setString(18, row.prevHash());
        statement.setString(19, row.hash());
    }

    /** Reads a row selected with {@link #COLUMNS}, in that order. */
    static AuditRow read(ResultSet rs) throws SQLException {
        return new AuditRow(rs.getString(1), rs.getString(2), rs.getLong(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getLong(13), rs.getString(14), rs.getString(15), rs.getString(16),
                rs.getString(17), rs.getString(18), rs.getString(19));
    }

    static List<String> ruleNames(String firedRulesJson) {
        try {
            List<String> names = new ArrayList<>();
            for (JsonNode rule : ResponseJson.mapper().readTree(firedRulesJson)) {
                names.add(rule.path("name").asText());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable fired_rules", e);
        }
    }

    static List<String> codes(String violationCodes) {
        return violationCodes == null || violationCodes.isEmpty() ? List.of()
                : Arrays.asList(violationCodes.split(" "));
    }

    private static void nullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}

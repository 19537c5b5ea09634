package io.positionpolicy.api;

import io.positionpolicy.audit.AuditRecordView;
import io.positionpolicy.evaluation.ResponseJson;
import java.io.IOException;
import java.io.Writer;

/** Writes exported audit records as NDJSON lines or CSV rows (RFC 4180 quoting). */
abstract class AuditExport {
    private static final String CSV_HEADER = "id,evaluated_at,principal,request_id,account_id,position_id,symbol,"
            + "intent_type,verdict,ruleset_version,duration_micros,violation_codes,fired_rules,chain_id,chain_seq,"
            + "prev_hash,hash,request_json,response_json\r\n";

    protected final Writer writer;

    private AuditExport(Writer writer) {
        this.writer = writer;
    }

    abstract void write(AuditRecordView row) throws IOException;

    static AuditExport ndjson(Writer writer) {
        return new AuditExport(writer) {
            @Override
            void write(AuditRecordView row) throws IOException {
                writer.write(ResponseJson.mapper().writeValueAsString(row));
                writer.write('\n');
            }
        };
    }

    static AuditExport csv(Writer writer) throws IOException {
        writer.write(CSV_HEADER);
        return new AuditExport(writer) {
            @Override
            void write(AuditRecordView r) throws IOException {
                Object[] cells = {r.id(), r.evaluatedAt(), r.principal(), r.requestId(), r.accountId(),
                    r.positionId(), r.symbol(), r.intentType(), r.verdict(), r.rulesetVersion(), r.durationMicros(),
                    String.join(" ", r.violationCodes()), r.firedRules(), r.chainId(), r.chainSeq(), r.prevHash(),
                    r.hash(), r.request(), r.response()};
                for (int i = 0; i < cells.length; i++) {
                    if (i > 0) {
                        writer.write(',');
                    }
                    writer.write(quote(cells[i]));
                }
                writer.write("\r\n");
            }
        };
    }

    private static String quote(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        boolean needsQuotes = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return needsQuotes ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}

package io.positionpolicy.api;

import io.positionpolicy.audit.AuditRow;
import io.positionpolicy.evaluation.ResponseJson;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Writes exported audit records as NDJSON lines or CSV rows (RFC 4180 quoting). */
abstract class AuditExport {
    private static final String CSV_HEADER = String.join(",", AuditRow.columnNames()) + "\r\n";

    protected final Writer writer;

    private AuditExport(Writer writer) {
        this.writer = writer;
    }

    abstract void write(AuditRow row) throws IOException;

    static AuditExport ndjson(Writer writer) {
        return new AuditExport(writer) {
            @Override
            void write(AuditRow row) throws IOException {
                writer.write(ResponseJson.mapper().writeValueAsString(row));
                writer.write('\n');
            }
        };
    }

    static AuditExport csv(Writer writer) throws IOException {
        writer.write(CSV_HEADER);
        return new AuditExport(writer) {
            @Override
            void write(AuditRow r) throws IOException {
                List<String> cells = r.columnTexts();
                for (int i = 0; i < cells.size(); i++) {
                    if (i > 0) {
                        writer.write(',');
                    }
                    writer.write(quote(cells.get(i)));
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

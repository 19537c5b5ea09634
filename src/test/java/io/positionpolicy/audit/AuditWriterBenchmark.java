package io.positionpolicy.audit;

import io.positionpolicy.evaluation.EvaluationIds;
import io.positionpolicy.evaluation.EvaluationRecord;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * How many records per second one audit writer commits on a fresh store, with {@code window} records in flight (1:
 * one commit per record, the commit's fixed cost; 256: group commit at saturation), optionally after SQL that changes
 * the schema (to measure what an index costs). Three rounds of {@code n} records on new chains; the last is warm.
 * Usage: {@code AuditWriterBenchmark h2|postgresql N WINDOW ["DROP INDEX …;…"]} (see docs/PERFORMANCE.md).
 */
public final class AuditWriterBenchmark {
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int n = Integer.parseInt(args[1]);
        String drop = args.length > 3 ? args[3] : "";
        int window = Integer.parseInt(args[2]);
        List<EvaluationRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            EvaluationRecord r = TestRecords.record(i);
            records.add(r);
        }
        // -Dbench.h2-options=";PAGE_SIZE=16384" tries H2 settings on top of the service's own
        String url = TestStores.freshUrl(kind) + (kind.equals("h2") ? System.getProperty("bench.h2-options", "") : "");
        try (AuditDatabase db = TestStores.open(url)) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                for (String sql : drop.split(";")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
            }
            for (int round = 0; round < 3; round++) {
                try (AuditWriter writer = new AuditWriter(db.dataSource(), "probe-" + round, 256, Duration.ofMillis(1),
                        20000)) {
                    Semaphore inFlight = new Semaphore(window);
                    long start = System.nanoTime();
                    for (EvaluationRecord r : records) {
                        inFlight.acquire();
                        EvaluationRecord fresh = new EvaluationRecord(EvaluationIds.next(), r.evaluatedAt(),
                                r.principal(), r.requestId(), r.accountId(), r.positionId(), r.symbol(), r.intentType(),
                                r.verdict(), r.rulesetVersion(), r.durationMicros(), r.requestJson(), r.responseJson(),
                                r.firedRules(), r.violationCodes());
                        writer.append(fresh).whenComplete((v, e) -> inFlight.release());
                    }
                    inFlight.acquire(window);
                    double secs = (System.nanoTime() - start) / 1e9;
                    System.out.printf("%s drop=[%s] round %d: %,.0f records/s, %d commits%n", kind, drop, round,
                            n / secs, writer.commits());
                }
            }
        }
        System.exit(0);
    }
}

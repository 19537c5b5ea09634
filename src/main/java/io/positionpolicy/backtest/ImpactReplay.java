package io.positionpolicy.backtest;

import io.positionpolicy.audit.AuditFilter;
import io.positionpolicy.audit.AuditQueries;
import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.evaluation.Replay;
import io.positionpolicy.rules.RuleSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a rule change would have changed: recorded requests replayed against candidate rules, nothing recorded. */
@ApplicationScoped
public class ImpactReplay {
    private final AuditStore store;

    public ImpactReplay(AuditStore store) {
        this.store = store;
    }

    /** One changed decision, side by side. */
    public record Difference(String evaluationId, Instant evaluatedAt, String recordedUnder, List<String> changes,
            Replay.Outcome before, Replay.Outcome after, String error) {
    }

    /** How many recorded decisions would change, by kind, and the first differences. */
    public record Report(String candidateVersion, int replayed, int changed, Map<String, Integer> changedBy,
            List<Difference> differences) {
    }

    /** Replays the decisions {@code filter} selects against {@code candidate}; keeps the first {@code show}. */
    public Report replay(RuleSet candidate, AuditFilter filter, int show) {
        List<AuditQueries.Recorded> records = store.queries().recorded(filter);
        Map<String, Integer> changedBy = new LinkedHashMap<>();
        for (String kind : List.of(Replay.VERDICT, Replay.QUANTITIES, Replay.STOPS, Replay.VIOLATIONS)) {
            changedBy.put(kind, 0);
        }
        List<Difference> differences = new ArrayList<>();
        int replayed = 0;
        int changed = 0;
        for (AuditQueries.Recorded record : records) {
            if (record.responseJson() == null || !record.responseJson().contains("\"verdict\"")) {
                continue; // an engine failure: there is no decision to compare with
            }
            replayed++;
            Replay.Comparison comparison = Replay.compare(candidate, record.requestJson(), record.responseJson());
            if (comparison.changed()) {
                changed++;
                comparison.changes().forEach(kind -> changedBy.merge(kind, 1, Integer::sum));
                if (differences.size() < show) {
                    differences.add(new Difference(record.id(), record.evaluatedAt(), record.rulesetVersion(),
                            comparison.changes(), comparison.before(), comparison.after(), comparison.error()));
                }
            }
        }
        return new Report(candidate.version(), replayed, changed, changedBy, differences);
    }
}

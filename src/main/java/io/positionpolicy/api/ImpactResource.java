package io.positionpolicy.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.audit.AuditFilter;
import io.positionpolicy.audit.AuditQueries;
import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.evaluation.Replay;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.RuleSetLoader;
import io.positionpolicy.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a rule change would have changed: recorded requests replayed against candidate rules, nothing recorded. */
@Path("/api/v1/rulesets/impact")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
public class ImpactResource {
    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 20_000;

    private final AuditStore store;
    private final RuleSetHolder holder;
    private final RuleSetLoader loader;

    public ImpactResource(AuditStore store, RuleSetHolder holder, RuleSetLoader loader) {
        this.store = store;
        this.holder = holder;
        this.loader = loader;
    }

    /** One changed decision, side by side. */
    public record Difference(String evaluationId, Instant evaluatedAt, String recordedUnder, List<String> changes,
            Replay.Outcome before, Replay.Outcome after, String error) {
    }

    /** How many recorded decisions would change, by kind, and the first differences. */
    public record Report(String candidateVersion, int replayed, int changed, Map<String, Integer> changedBy,
            List<Difference> differences) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay recorded decisions (from, to, accountId, limit) against candidate files or a "
            + "version and count what would change (verdict, quantities, stops, violations); nothing is recorded")
    public Report impact(byte[] body) {
        JsonNode root = RuleSetChoice.object(body);
        QueryParams params = new QueryParams();
        Instant from = params.instant("$.from", text(root, "from"));
        Instant to = params.instant("$.to", text(root, "to"));
        int limit = bounded(root, "limit", DEFAULT_LIMIT, MAX_LIMIT, params);
        int show = bounded(root, "show", 20, 200, params);
        params.throwIfInvalid();
        RuleSet candidate = RuleSetChoice.resolve(root, holder, store, loader.reloader());
        List<AuditQueries.Recorded> records = store.queries().recorded(new AuditFilter(text(root, "accountId"),
                null, text(root, "symbol"), null, null, null, null, from, to, limit, null));
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

    private static String text(JsonNode root, String field) {
        return root.hasNonNull(field) ? root.get(field).asText() : null;
    }

    private static int bounded(JsonNode root, String field, int fallback, int max, QueryParams params) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || node.asInt() < 1 || node.asInt() > max) {
            params.error("$." + field, "must be a whole number from 1 to " + max);
            return fallback;
        }
        return node.asInt();
    }
}

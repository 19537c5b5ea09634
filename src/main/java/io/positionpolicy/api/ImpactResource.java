package io.positionpolicy.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.audit.AuditFilter;
import io.positionpolicy.backtest.CandidateRuleSets;
import io.positionpolicy.backtest.ImpactReplay;
import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** What a rule change would have changed: recorded requests replayed against candidate rules, nothing recorded. */
@Path("/api/v1/rulesets/impact")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
public class ImpactResource {
    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 20_000;
    private static final List<String> FIELDS = List.of("from", "to", "accountId", "symbol", "limit", "show", "files",
            "replace", "rulesetVersion");

    private final CandidateRuleSets candidates;
    private final ImpactReplay impact;

    public ImpactResource(CandidateRuleSets candidates, ImpactReplay impact) {
        this.candidates = candidates;
        this.impact = impact;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay recorded decisions (from, to, accountId, limit) against candidate files or a "
            + "version and count what would change (verdict, quantities, stops, violations); nothing is recorded")
    public ImpactReplay.Report impact(byte[] body) {
        JsonNode root = JsonBodies.object(body);
        QueryParams params = new QueryParams();
        root.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                params.error("$." + field, "is not a field of an impact request: " + String.join(", ", FIELDS));
            }
        });
        Instant from = params.instant("$.from", text(root, "from", params));
        Instant to = params.instant("$.to", text(root, "to", params));
        if (from != null && to != null && from.isAfter(to)) {
            params.error("$.to", "must not be before from");
        }
        String accountId = text(root, "accountId", params);
        String symbol = text(root, "symbol", params);
        text(root, "rulesetVersion", params);
        int limit = bounded(root, "limit", DEFAULT_LIMIT, MAX_LIMIT, params);
        int show = bounded(root, "show", 20, 200, params);
        params.throwIfInvalid();
        RuleSet candidate = candidates.chosenBy(root);
        return impact.replay(candidate, new AuditFilter(accountId, null, symbol, null, null, null, null, from, to,
                limit, null), show);
    }

    /** A string field, null when absent; anything but a string is an error naming it. */
    private static String text(JsonNode root, String field, QueryParams params) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            params.error("$." + field, "must be a string");
            return null;
        }
        return node.asText();
    }

    private static int bounded(JsonNode root, String field, int fallback, int max, QueryParams params) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1 || node.asInt() > max) {
            params.error("$." + field, "must be a whole number from 1 to " + max);
            return fallback;
        }
        return node.asInt();
    }
}

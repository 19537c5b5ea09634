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

/** What a rule change would have changed: recorded requests replayed against candidate rules, nothing recorded. */
@Path("/api/v1/rulesets/impact")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
public class ImpactResource {
    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 20_000;

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
        Instant from = params.instant("$.from", text(root, "from"));
        Instant to = params.instant("$.to", text(root, "to"));
        int limit = bounded(root, "limit", DEFAULT_LIMIT, MAX_LIMIT, params);
        int show = bounded(root, "show", 20, 200, params);
        params.throwIfInvalid();
        RuleSet candidate = candidates.chosenBy(root);
        return impact.replay(candidate, new AuditFilter(text(root, "accountId"), null, text(root, "symbol"), null, null,
                null, null, from, to, limit, null), show);
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

package io.positionpolicy.api;

import io.positionpolicy.audit.AuditFilter;
import io.positionpolicy.audit.AuditQueries;
import io.positionpolicy.audit.AuditRow;
import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.audit.ChainVerifier;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Compliance's view of the audit trail: search, one record, export, statistics, chain verification. */
@Path("/api/v1/audit")
@RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final AuditStore store;

    public AuditResource(AuditStore store) {
        this.store = store;
    }

    @GET
    @Path("/evaluations")
    @Operation(summary = "Search evaluations, newest first; pass nextCursor back as cursor for the next page")
    public AuditQueries.Page search(@QueryParam("accountId") String accountId,
            @QueryParam("positionId") String positionId, @QueryParam("symbol") String symbol,
            @QueryParam("rule") String rule, @QueryParam("verdict") String verdict,
            @QueryParam("violation") String violation, @QueryParam("rulesetVersion") String rulesetVersion,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        QueryParams params = new QueryParams();
        AuditFilter filter = new AuditFilter(accountId, positionId, symbol, rule, params.verdict("verdict", verdict),
                violation, rulesetVersion, params.instant("from", from), params.instant("to", to),
                params.limit("limit", limit), params.evaluationId("cursor", cursor));
        params.throwIfInvalid();
        return store.queries().search(filter);
    }

    @GET
    @Path("/evaluations/{id}")
    @Operation(summary = "One evaluation's whole record: request, response, fired rules, chain position")
    public AuditRow record(@PathParam("id") String id) {
        QueryParams params = new QueryParams();
        params.evaluationId("id", id);
        params.throwIfInvalid();
        return store.queries().find(id).orElseThrow(() -> new NotFoundException("no evaluation " + id));
    }

    @GET
    @Path("/export")
    @Produces({"application/x-ndjson", "text/csv"})
    @Operation(summary = "Every record in [from, to), oldest first, streamed as NDJSON or CSV")
    public Response export(@QueryParam("format") String format, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        QueryParams params = new QueryParams();
        String kind = params.oneOf("format", format == null ? "ndjson" : format, "ndjson", "csv");
        var start = params.instant("from", from);
        var end = params.instant("to", to);
        params.throwIfInvalid();
        AuditQueries queries = store.queries();
        boolean csv = kind.equals("csv");
        StreamingOutput body = output -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            AuditExport export = csv ? AuditExport.csv(writer) : AuditExport.ndjson(writer);
            queries.export(start, end, export::write);
            writer.flush();
        };
        return Response.ok(body, csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"audit." + kind + "\"")
                .build();
    }

    @GET
    @Path("/rules/stats")
    @Operation(summary = "Per rule: times fired; per verdict and violation code: counts, in [from, to)")
    public AuditQueries.Stats stats(@QueryParam("from") String from, @QueryParam("to") String to) {
        QueryParams params = new QueryParams();
        var start = params.instant("from", from);
        var end = params.instant("to", to);
        params.throwIfInvalid();
        return store.queries().stats(start, end);
    }

    @GET
    @Path("/rules/timeline")
    @Operation(summary = "Rule firings over time: [from, to) (default: the last 24 hours) in equal buckets (default 48)")
    public AuditQueries.Timeline timeline(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("buckets") String buckets) {
        QueryParams params = new QueryParams();
        var end = params.instant("to", to);
        var start = params.instant("from", from);
        int slices = params.intInRange("buckets", buckets, 48, 1, 500);
        params.throwIfInvalid();
        Instant until = end != null ? end : Instant.now();
        Instant since = start != null ? start : until.minus(Duration.ofHours(24));
        if (!since.isBefore(until)) {
            throw new InvalidRequestException(List.of(new FieldError("from", "must be before to")));
        }
        return store.queries().timeline(since, until, slices);
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Walk every hash chain (decisions, rule-set activations and operations), check every archived "
            + "rule set against its version and that every version referred to is archived: {ok, checked, chains, "
            + "firstBrokenId, reason, problems, activations, operations, missingVersions, notes}")
    public ChainVerifier.Result verify() {
        return store.verifier().verify();
    }
}

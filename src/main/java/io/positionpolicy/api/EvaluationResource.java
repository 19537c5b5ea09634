package io.positionpolicy.api;

import io.positionpolicy.evaluation.EvaluationService;
import io.positionpolicy.evaluation.Problem;
import io.positionpolicy.model.Decision;
import io.positionpolicy.model.EvaluationRequest;
import io.positionpolicy.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The evaluation API: one request, or a batch of independent requests evaluated on one rule-set snapshot. Bodies are
 * read as bytes so every parse error becomes a problem naming the field; answers are the journaled bytes. The methods
 * return at once (on the I/O thread): the service evaluates on its own threads and the answer is sent when the audit
 * writer has committed its record.
 */
@Path("/api/v1/evaluations")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.TRADER, Roles.ADMIN})
public class EvaluationResource {
    private final EvaluationService service;
    private final SecurityIdentity caller;

    public EvaluationResource(EvaluationService service, SecurityIdentity caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Evaluate one intent (OPEN, ADD, REDUCE, CLOSE) or a REVIEW of an open position")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = EvaluationRequest.class)))
    @APIResponse(responseCode = "200", description = "The decision, durably recorded in the audit trail",
            content = @Content(schema = @Schema(implementation = Decision.class)))
    @APIResponse(responseCode = "400", description = "Invalid request: errors[] names each bad field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The audit store could not record the decision",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CompletionStage<Response> evaluate(byte[] body) {
        return service.evaluateAsync(body, caller.getPrincipal().getName()).thenApply(EvaluationResource::ok);
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Evaluate up to 1,000 requests; results come back in the same order, a bad item as a "
            + "problem entry in its slot")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = BatchRequest.class)))
    @APIResponse(responseCode = "200", description = "One result per item: a decision or a problem",
            content = @Content(schema = @Schema(implementation = BatchResponse.class)))
    public CompletionStage<Response> batch(byte[] body) {
        return service.evaluateBatchAsync(body, caller.getPrincipal().getName()).thenApply(EvaluationResource::ok);
    }

    private static Response ok(byte[] json) {
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Request shape of the batch endpoint (for the OpenAPI document). */
    public record BatchRequest(List<EvaluationRequest> items) {
    }

    /** Each result is a {@link Decision} or, for an item that could not be evaluated, a {@link Problem}. */
    public record BatchResponse(List<Object> results) {
    }
}

package io.positionpolicy.api;

import io.positionpolicy.evaluation.AuditUnavailableException;
import io.positionpolicy.evaluation.EvaluationsOverloadedException;
import io.positionpolicy.evaluation.EvaluationFailedException;
import io.positionpolicy.evaluation.FieldError;
import io.positionpolicy.evaluation.InvalidRequestException;
import io.positionpolicy.evaluation.PayloadTooLargeException;
import io.positionpolicy.evaluation.Problem;
import io.positionpolicy.evaluation.RuleEngineException;
import io.positionpolicy.evaluation.RuleSetUnavailableException;
import io.positionpolicy.rules.RuleCompilationException;
import java.util.List;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as application/problem+json; no Java class name or stack trace ever reaches a client. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return respond(Problem.invalid(e.errors(), null));
    }

    @ServerExceptionMapper
    public Response tooLarge(PayloadTooLargeException e) {
        return respond(new Problem("urn:position-policy:problem:payload-too-large", "Payload Too Large", 413,
                e.errors().get(0).reason(), e.errors(), null));
    }

    @ServerExceptionMapper
    public Response unavailable(RuleSetUnavailableException e) {
        return respond(Problem.of("rules-unavailable", "No active rule set", 503,
                "The service has no usable rule set yet; see GET /q/health/ready"));
    }

    @ServerExceptionMapper
    public Response rulesInvalid(RuleCompilationException e) {
        List<FieldError> errors = RulesRefusal.errors(e.problems());
        return respond(new Problem("urn:position-policy:problem:rules-invalid", "Rules not usable", 422,
                errors.size() + " problem(s) in the candidate rules; see errors", errors, null));
    }

    @ServerExceptionMapper
    public Response governance(io.positionpolicy.governance.GovernanceException e) {
        if (e.type().equals("invalid-request")) {
            String[] fieldAndReason = e.getMessage().split(": ", 2);
            return respond(Problem.invalid(List.of(new FieldError(fieldAndReason[0], fieldAndReason[1])), null));
        }
        String title = switch (e.status()) {
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 422 -> "Rules not usable";
            default -> "Conflict";
        };
        return respond(Problem.of(e.type(), title, e.status(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response failed(EvaluationFailedException e) {
        return Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.problemJson()).build();
    }

    @ServerExceptionMapper
    public Response auditUnavailable(AuditUnavailableException e) {
        LOG.warnf("Evaluation not answered: %s%s", e.getMessage(),
                e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
        return Response.fromResponse(respond(Problem.of("audit-unavailable", "Audit store unavailable", 503,
                "The decision could not be recorded in the audit trail, so it is not given; retry shortly")))
                .header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response overloaded(EvaluationsOverloadedException e) {
        return Response.fromResponse(respond(Problem.of("overloaded", "Too many evaluations waiting", 503,
                e.getMessage()))).header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response engine(RuleEngineException e) {
        LOG.error("Evaluation failed in the rule engine", e);
        return respond(e.overBudget()
                ? Problem.of("evaluation-over-budget", "Evaluation stopped at its limit", 422, e.getMessage())
                : Problem.of("evaluation-failed", "Evaluation failed", 422, e.getMessage()));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthorized(RuntimeException e) {
        Response.ResponseBuilder response = Response.status(401).type(Problem.MEDIA_TYPE)
                .entity(Challenges.unauthorized());
        Challenges.all().forEach(challenge -> response.header("WWW-Authenticate", challenge));
        return response.build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Challenges.forbidden());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "HTTP " + status;
        String slug = switch (status) {
            case 400 -> "invalid-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
        String detail = switch (status) {
            case 415 -> "This endpoint does not take that Content-Type: send JSON as application/json, a rule file "
                    + "as text/plain, a candle file as text/csv or application/gzip (see /q/openapi)";
            case 404 -> e.getMessage() != null && e.getMessage().startsWith("no ") ? e.getMessage()
                    : "No such resource";
            default -> title;
        };
        return respond(Problem.of(slug, title, status, detail));
    }

    /** An I/O error reaching a resource comes from reading the request (a multipart body cut short, say). */
    @ServerExceptionMapper
    public Response unreadable(java.io.IOException e) {
        LOG.debugf("Unreadable request body: %s", e.getMessage());
        return respond(Problem.of("invalid-request", "Bad Request", 400,
                "The request body could not be read: it ends early or is not in the format its Content-Type says"));
    }

    @ServerExceptionMapper
    public Response malformedMultipart(
            org.jboss.resteasy.reactive.server.core.multipart.MultipartParser.MalformedMessageException e) {
        return respond(Problem.of("invalid-request", "Bad Request", 400,
                "The multipart body is malformed (a part's headers could not be read)"));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected error", e);
        return respond(Problem.of("internal-error", "Internal error", 500,
                "The service could not complete the request; the error is in its log"));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}

package io.positionpolicy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.DecoderException;
import io.positionpolicy.config.PolicyConfig;
import io.positionpolicy.evaluation.Problem;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * What the HTTP layer refuses before a resource runs, answered as problems like everything else: a request without
 * credentials or with wrong ones (401 with the challenges; only health is open), a caller without the role (403), a
 * body over the size limit (413, checked on Content-Length before the body is read) and a body that cannot be read.
 */
@ApplicationScoped
public class HttpGuards {
    private static final Logger LOG = Logger.getLogger(HttpGuards.class);
    private final ObjectMapper json;
    private final long maxBodyBytes;
    private final List<String> challenges;
    private final BodyHandler chunkedBodies;

    public HttpGuards(ObjectMapper json, PolicyConfig config) {
        this.json = json;
        this.maxBodyBytes = config.api().maxBodySize().asLongValue();
        this.challenges = Challenges.all();
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::guard);
        router.route().order(Integer.MIN_VALUE + 1).handler(this::readChunkedBody);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::securityFailure);
    }

    private void guard(RoutingContext rc) {
        if (!isOpen(rc.normalizedPath()) && !hasCredentials(rc.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            rc.response().headers().set("WWW-Authenticate", challenges(rc));
            send(rc.response(), Challenges.unauthorized());
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                bytes = -1;
            }
            if (bytes < 0) {
                send(rc.response(), Problem.of("invalid-request", "Bad Request", 400,
                        "The Content-Length header is not a number of bytes"));
                return;
            }
            if (bytes > maxBodyBytes) {
                tooLarge(rc.response());
                return;
            }
        }
        rc.next();
    }

    /**
     * A body sent without Content-Length (chunked) is read here, up to the limit, so that going over it fails the
     * route with 413 and the problem above rather than the HTTP layer's empty 413. (No endpoint takes form fields, so
     * a chunked form is refused here rather than decoded.)
     */
    private void readChunkedBody(RoutingContext rc) {
        String type = String.valueOf(rc.request().getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
        if (rc.request().getHeader(HttpHeaders.CONTENT_LENGTH) != null
                || rc.request().getHeader(HttpHeaders.TRANSFER_ENCODING) == null || type.startsWith("multipart/")) {
            rc.next(); // uploads are streamed by the multipart reader, which enforces the same limit
        } else if (type.startsWith("application/x-www-form-urlencoded")) {
            send(rc.response(), Problem.of("unsupported-media-type", "Unsupported Media Type", 415,
                    "Send the request as application/json"));
        } else {
            chunkedBodies.handle(rc);
        }
    }

    /**
     * Health stays open for probes, and the console's pages and scripts for browsers (they hold no data: everything
     * they show comes from the API, which needs a caller); everything else needs a caller.
     */
    static boolean isOpen(String path) {
        return path.equals("/q/health") || path.startsWith("/q/health/") || isConsole(path);
    }

    static boolean isConsole(String path) {
        return path.equals("/") || path.equals("/index.html")
                || path.startsWith("/console/") && !path.contains("..");
    }

    /**
     * The console's own calls (marked by {@code X-Requested-With}) get the challenge under another scheme name, so
     * that a wrong password shows the console's sign-in error rather than the browser's password dialog.
     */
    private List<String> challenges(RoutingContext rc) {
        if (rc.request().getHeader("X-Requested-With") == null) {
            return challenges;
        }
        return challenges.stream().map(c -> c.startsWith("Basic ") ? "Console" + c.substring(5) : c).toList();
    }

    /**
     * Requests without credentials of a scheme the service knows are refused here, with a problem; credentials that
     * are present are checked by Quarkus, whose failures come back through {@link #securityFailure}.
     */
    private static boolean hasCredentials(String authorization) {
        if (authorization == null) {
            return false;
        }
        String header = authorization.stripLeading();
        return header.regionMatches(true, 0, "Basic ", 0, 6) || header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private void tooLarge(HttpServerResponse response) {
        send(response, Problem.of("payload-too-large", "Payload Too Large", 413, "The request body is larger "
                + "than the limit of " + maxBodyBytes + " bytes (policy.api.max-body-size)"));
    }

    private void securityFailure(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || failure instanceof AuthenticationCompletionException) {
            HttpServerResponse response = rc.response();
            if (!response.headWritten()) {
                response.headers().set("WWW-Authenticate", challenges(rc));
            }
            send(response, Challenges.unauthorized());
        } else if (failure instanceof ForbiddenException) {
            send(rc.response(), Challenges.forbidden());
        } else if (unreadable(failure)) {
            LOG.debugf("Request body not read: %s", failure);
            send(rc.response(), Problem.of("invalid-request", "Bad Request", 400, "The request body could not be "
                    + "read: its encoding is malformed (a chunk size, say), or the connection closed before it ended"));
        } else if (failure == null && rc.statusCode() == 413) {
            tooLarge(rc.response());
        } else if (failure == null && rc.statusCode() >= 400 && rc.statusCode() < 500) {
            send(rc.response(), Problem.of("invalid-request", "Bad Request", rc.statusCode(),
                    "The request could not be read"));
        } else {
            LOG.error("Request failed before reaching a resource", failure);
            send(rc.response(), Problem.of("internal-error", "Internal error", 500,
                    "The service could not complete the request; the error is in its log"));
        }
    }

    /**
     * The client's bytes, not the service, are at fault: a chunk size Netty cannot parse (it raises a plain
     * NumberFormatException), another decoding failure, or the connection closing mid-body. Vert.x closes the connection
     * itself, so the problem rarely reaches the client; the log gets one line at DEBUG, as other unreadable bodies do.
     */
    private static boolean unreadable(Throwable failure) {
        return failure instanceof DecoderException || failure instanceof HttpClosedException
                || failure instanceof NumberFormatException && failure.getStackTrace().length > 0
                && failure.getStackTrace()[0].getClassName().startsWith("io.netty.handler.codec.");
    }

    private void send(HttpServerResponse response, Problem problem) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.end();
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"type\":\"" + problem.type() + "\",\"status\":" + problem.status() + "}";
        }
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}

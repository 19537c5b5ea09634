package io.positionpolicy.api;

import io.positionpolicy.evaluation.Problem;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** The 401 and 403 problems and the WWW-Authenticate challenges: Basic always, Bearer when a JWT key is set. */
final class Challenges {
    static final String REALM = "position-policy";

    private Challenges() {
    }

    static List<String> all() {
        List<String> challenges = new ArrayList<>();
        challenges.add("Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        if (io.positionpolicy.security.SecurityBootstrap.jwtConfigured(ConfigProvider.getConfig())) {
            challenges.add("Bearer realm=\"" + REALM + "\"");
        }
        return List.copyOf(challenges);
    }

    static Problem unauthorized() {
        return Problem.of("unauthorized", "Unauthorized", 401,
                "Sign in: HTTP Basic with a user of the users file, or a bearer JWT from the identity provider");
    }

    static Problem forbidden() {
        return Problem.of("forbidden", "Forbidden", 403, "Your roles do not allow this");
    }
}

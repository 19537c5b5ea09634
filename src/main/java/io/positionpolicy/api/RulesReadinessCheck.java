package io.positionpolicy.api;

import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleSetReloader;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a rule set is active. A later failed reload does not make the service unready (it keeps serving the last
 * good rule set) but shows in the details with its errors.
 */
@Readiness
@ApplicationScoped
public class RulesReadinessCheck implements HealthCheck {
    private final RuleSetReloader reloader;

    public RulesReadinessCheck(RuleSetReloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public HealthCheckResponse call() {
        RuleSetReloader.Status status = reloader.status();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("rules").status(status.activeVersion() != null);
        if (status.activeVersion() != null) {
            builder.withData("version", status.activeVersion())
                    .withData("activatedAt", String.valueOf(status.activatedAt()));
        }
        ReloadReport last = status.lastAttempt();
        if (last != null) {
            builder.withData("lastAttempt", last.outcome() + " at " + last.at() + " (" + last.trigger() + ")");
            if (!last.ok()) {
                builder.withData("lastAttemptErrors", String.join("\n",
                        last.problems().stream().map(Object::toString).toList()));
            }
        }
        return builder.build();
    }
}

package io.positionpolicy.api;

import io.positionpolicy.rules.RuleSet;
import io.positionpolicy.rules.RuleSetHolder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once a rule set is active; reports its version. */
@Readiness
@ApplicationScoped
public class RulesReadinessCheck implements HealthCheck {
    private final RuleSetHolder holder;

    public RulesReadinessCheck(RuleSetHolder holder) {
        this.holder = holder;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<RuleSet> active = holder.current();
        return active.map(ruleSet -> HealthCheckResponse.named("rules").up()
                        .withData("version", ruleSet.version())
                        .withData("files", ruleSet.files().size())
                        .withData("compiledAt", ruleSet.compiledAt().toString())
                        .build())
                .orElseGet(() -> HealthCheckResponse.named("rules").down().withData("reason", "no rule set active")
                        .build());
    }
}

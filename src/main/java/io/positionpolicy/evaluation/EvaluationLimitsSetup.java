package io.positionpolicy.evaluation;

import io.positionpolicy.config.PolicyConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Applies {@code policy.evaluation.*} before the first rule set is loaded (its scenarios run under the limits). */
@ApplicationScoped
public class EvaluationLimitsSetup {
    void onStart(@Observes @Priority(1) StartupEvent event, PolicyConfig config) {
        EvaluationLimits.configure(new EvaluationLimits(config.evaluation().timeBudget(),
                config.evaluation().maxFirings()));
    }
}

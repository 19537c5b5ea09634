package io.positionpolicy.api;

import io.positionpolicy.audit.AuditStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the audit store answers: without it no evaluation can be answered. */
@Readiness
@ApplicationScoped
public class AuditReadinessCheck implements HealthCheck {
    private final AuditStore store;

    public AuditReadinessCheck(AuditStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("audit-store").status(store.reachable())
                .withData("store", store.describe())
                .withData("chain", store.instanceId())
                .build();
    }
}

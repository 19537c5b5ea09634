package io.positionpolicy.api;

import io.positionpolicy.cluster.ReplicaSync;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * In a cluster: not ready until this replica serves the cluster's active rule set (a load balancer sends it nothing
 * before). A later version it cannot load leaves it ready on the previous one, with inSync false in the details.
 */
@Readiness
@ApplicationScoped
public class ClusterReadinessCheck implements HealthCheck {
    private final ReplicaSync sync;

    public ClusterReadinessCheck(ReplicaSync sync) {
        this.sync = sync;
    }

    @Override
    public HealthCheckResponse call() {
        if (!sync.enabled()) {
            return HealthCheckResponse.named("cluster").up().withData("mode", "directory").build();
        }
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("cluster").status(sync.caughtUp())
                .withData("mode", "database")
                .withData("instance", sync.instanceId())
                .withData("inSync", sync.inSync());
        sync.active().ifPresent(active -> builder.withData("clusterVersion", active.version()));
        return builder.build();
    }
}

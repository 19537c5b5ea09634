package io.positionpolicy.api;

import io.positionpolicy.cluster.ClusterView;
import io.positionpolicy.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The replicas of the cluster and whether they agree on the active rule set. Read by those who read the rule sets'
 * status and the trading states; a trader (the trading system) evaluates orders and has no use for replica addresses.
 * Load balancers use the open readiness check, not this.
 */
@Path("/api/v1/cluster")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RISK_MANAGER, Roles.AUDITOR, Roles.ADMIN})
public class ClusterResource {
    private final ClusterView cluster;

    public ClusterResource(ClusterView cluster) {
        this.cluster = cluster;
    }

    @GET
    @Operation(summary = "The cluster's active rule-set version and every replica: address, the version it serves, "
            + "its last load attempt and errors, started, last seen; agree = every live replica serves the active one")
    public ClusterView.State state() {
        return cluster.state();
    }
}

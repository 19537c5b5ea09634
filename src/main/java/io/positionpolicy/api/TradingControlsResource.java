package io.positionpolicy.api;

import io.positionpolicy.controls.ChangeLogVerification;
import io.positionpolicy.controls.StateChange;
import io.positionpolicy.controls.StateChangeRequest;
import io.positionpolicy.controls.TradingControls;
import io.positionpolicy.evaluation.RequestParser;
import io.positionpolicy.model.facts.TradingState;
import io.positionpolicy.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Trading states (kill switch): what is in force, set or clear one, the tamper-evident change log. */
@Path("/api/v1/controls/trading-states")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RISK_MANAGER, Roles.AUDITOR, Roles.ADMIN})
public class TradingControlsResource {
    private final TradingControls controls;
    private final SecurityIdentity caller;

    public TradingControlsResource(TradingControls controls, SecurityIdentity caller) {
        this.controls = controls;
        this.caller = caller;
    }

    /** The states in force on this replica and the change they reflect. */
    public record InForce(long changeSeq, List<TradingState> states) {
    }

    @GET
    @Operation(summary = "The trading states other than ACTIVE, per scope, and the change counter they reflect")
    public InForce inForce() {
        return new InForce(controls.seq(), controls.all());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
    @Operation(summary = "Set a scope's trading state ({scope, accountId, symbol, state, reason}; ACTIVE clears it): "
            + "stored, recorded in the hash-chained change log, live on every replica within a second")
    public StateChange set(byte[] body) {
        return controls.apply(RequestParser.read(body, StateChangeRequest.class), caller.getPrincipal().getName());
    }

    @GET
    @Path("/changes")
    @Operation(summary = "Every change, newest first: who, when, why, scope, old and new state, hashes")
    public List<StateChange> tradingStateChanges(@QueryParam("limit") String limit) {
        QueryParams params = new QueryParams();
        int rows = params.limit("limit", limit);
        params.throwIfInvalid();
        return controls.changes(rows);
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Walk the change log's hash chain and check the states in force against it: {ok, checked, "
            + "firstBrokenSeq, reason}")
    public ChangeLogVerification verifyTradingStateChanges() {
        return controls.verify();
    }
}

package io.positionpolicy.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.positionpolicy.governance.ChangeSet;
import io.positionpolicy.governance.ChangeSetRequests;
import io.positionpolicy.governance.Governance;
import io.positionpolicy.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Governed rule changes: change sets and their transitions (see {@link io.positionpolicy.governance.ChangeSets}).
 * Risk managers and admins make and move them; auditors read them.
 */
@Path("/api/v1/changes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
public class ChangeSetResource {
    private final Governance governance;
    private final ChangeSetRequests requests;
    private final SecurityIdentity caller;

    public ChangeSetResource(Governance governance, ChangeSetRequests requests, SecurityIdentity caller) {
        this.governance = governance;
        this.requests = requests;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.RISK_MANAGER, Roles.AUDITOR, Roles.ADMIN})
    @Operation(summary = "Change sets, newest first, without their files (state, author filter)")
    public List<ChangeSet> listChangeSets(@QueryParam("state") String state, @QueryParam("author") String author) {
        return requests.list(state, author);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a change set: {title, description, files: {path: text or null to delete}, "
            + "activateAt}; its base is the active version")
    public Response createChangeSet(byte[] body) {
        ChangeSet set = requests.create(JsonBodies.object(body), principal());
        return Response.status(201).entity(set).header("Location", "/api/v1/changes/" + set.id()).build();
    }

    @POST
    @Path("/upload")
    @Consumes("application/zip")
    @Operation(summary = "Create a change set from a zip of rule files (paths inside the zip are paths in the rules "
            + "directory); title and description in X-Title and X-Description")
    public Response uploadChangeSet(@jakarta.ws.rs.HeaderParam("X-Title") String title,
            @jakarta.ws.rs.HeaderParam("X-Description") String description, InputStream zip) {
        ChangeSet set = requests.fromZip(title, description, zip, principal());
        return Response.status(201).entity(set).header("Location", "/api/v1/changes/" + set.id()).build();
    }

    @POST
    @Path("/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose an archived version again as a change set: {version, reason}")
    public Response proposeRollback(byte[] body) {
        JsonNode root = JsonBodies.object(body);
        ChangeSet set = governance.proposeRollback(ChangeSetRequests.text(root, "version", true),
                ChangeSetRequests.text(root, "reason", false), principal());
        return Response.status(201).entity(set).header("Location", "/api/v1/changes/" + set.id()).build();
    }

    @POST
    @Path("/emergency-rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Admin only: the previous version goes live at once, without approvals; {reason} is "
            + "required and the change is recorded as an emergency")
    public ChangeSet emergencyRollback(byte[] body) {
        return governance.emergencyRollback(ChangeSetRequests.text(JsonBodies.object(body), "reason", false),
                principal());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.RISK_MANAGER, Roles.AUDITOR, Roles.ADMIN})
    @Operation(summary = "A change set: files, diff against the active version, validation, impact, history")
    public ChangeSetRequests.Detail getChangeSet(@PathParam("id") String id) {
        return requests.detail(id);
    }

    @POST
    @Path("/{id}/files")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit a draft: {files: {path: text or null to delete}}")
    public ChangeSet editChangeSet(@PathParam("id") String id, byte[] body) {
        return governance.changeSets().edit(id, requests.edits(id, JsonBodies.object(body)), principal());
    }

    @POST
    @Path("/{id}/{action: validate|accept-results|impact|backtest|propose|approve|reject|withdraw|rebase|activate|schedule}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(summary = "A step of the change set: validate, accept-results, impact, backtest ({file}), propose, "
            + "approve, reject, withdraw ({comment}; required to reject), rebase, activate, schedule ({activateAt})")
    public Object actOnChangeSet(@PathParam("id") String id, @PathParam("action") String action, byte[] body) {
        return requests.act(id, action, body == null || body.length == 0 ? null : JsonBodies.object(body),
                principal());
    }

    @GET
    @Path("/settings")
    @RolesAllowed({Roles.RISK_MANAGER, Roles.AUDITOR, Roles.ADMIN})
    @Operation(summary = "How rule changes are governed: requiredApprovals (0: a valid change goes live when it is "
            + "proposed, and the rules files may be saved directly)")
    public java.util.Map<String, Object> getChangeSettings() {
        return java.util.Map.of("requiredApprovals", governance.changeSets().requiredApprovals());
    }

    @GET
    @Path("/verify")
    @RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
    @Operation(summary = "Walk the change-set event chain: ok, or the first event that was changed or removed")
    public java.util.Map<String, Object> verifyChangeSetEvents() {
        return requests.verify();
    }

    private String principal() {
        return caller.getPrincipal().getName();
    }
}

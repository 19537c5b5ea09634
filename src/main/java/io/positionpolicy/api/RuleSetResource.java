package io.positionpolicy.api;

import io.positionpolicy.audit.AuditStore;
import io.positionpolicy.audit.RuleSetArchive;
import io.positionpolicy.audit.RuleSetArchive.ArchivedRuleSet;
import io.positionpolicy.audit.RuleSetArchive.HistoryEntry;
import io.positionpolicy.audit.RuleSetDiff;
import io.positionpolicy.cluster.RuleSetActivation;
import io.positionpolicy.evaluation.Problem;
import io.positionpolicy.evaluation.CandidateFiles;
import io.positionpolicy.evaluation.RuleSetUnavailableException;
import io.positionpolicy.rules.ReloadReport;
import io.positionpolicy.rules.RuleSetHolder;
import io.positionpolicy.rules.RuleSetReloader;
import io.positionpolicy.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Rule sets: the active one and its status, reload, validation, history, the exact text of any version, diffs. */
@Path("/api/v1/rulesets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RISK_MANAGER, Roles.AUDITOR, Roles.ADMIN})
public class RuleSetResource {
    private final AuditStore store;
    private final RuleSetHolder holder;
    private final RuleSetReloader reloader;

    private final SecurityIdentity caller;
    private final RuleSetActivation activation;

    private final io.positionpolicy.rules.RuleFileEditor editor;

    public RuleSetResource(AuditStore store, RuleSetHolder holder, RuleSetReloader reloader,
            io.positionpolicy.rules.RuleFileEditor editor, SecurityIdentity caller, RuleSetActivation activation) {
        this.editor = editor;
        this.activation = activation;
        this.caller = caller;
        this.store = store;
        this.holder = holder;
        this.reloader = reloader;
    }

    @GET
    @Operation(summary = "Every activation, newest first: version, time, trigger, principal")
    public List<HistoryEntry> history() {
        return store.archive().history(500);
    }

    @GET
    @Path("/operations")
    @Operation(summary = "Every load and validation attempt, newest first: who, when, how, the outcome and problems")
    public List<RuleSetArchive.Operation> operations(@QueryParam("limit") String limit) {
        QueryParams params = new QueryParams();
        int rows = params.limit("limit", limit);
        params.throwIfInvalid();
        return store.archive().operations(rows);
    }

    @GET
    @Path("/status")
    @Operation(summary = "The active version, when it went live, and the last load attempt with its errors")
    public RuleSetReloader.Status status() {
        return reloader.status();
    }

    @POST
    @RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
    @Path("/reload")
    @Operation(summary = "Rescan the rules directory now; 200 with the report when activated or unchanged, 422 a "
            + "rules-invalid problem with the report when rejected")
    public Response reload() {
        if (editor.governed()) {
            return ProblemMappers.respond(io.positionpolicy.evaluation.Problem.of("approval-required", "Conflict",
                    409, new io.positionpolicy.rules.RuleFileEditor.Governed().getMessage()));
        }
        ReloadReport report = reloader.reload("api", caller.getPrincipal().getName());
        return report.ok() ? Response.ok(report).build()
                : RulesRefusal.rejected("The rule set found by the reload", keepsServing(), report);
    }

    @POST
    @RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
    @Path("/{version}/activate")
    @Operation(summary = "Cluster (policy.rules.source=database): make a stored version the active one of every "
            + "replica again, a rollback; checked first. 200 with the report, 422 a rules-invalid problem with the "
            + "report when it does not pass, 404 when unknown, 409 when the rules come from the directory")
    public Response activate(@PathParam("version") String version) {
        if (editor.governed()) {
            return ProblemMappers.respond(Problem.of("approval-required", "Conflict", 409,
                    new io.positionpolicy.rules.RuleFileEditor.Governed().getMessage()
                            + "; to go back to a version, POST /api/v1/changes/rollback"));
        }
        if (!activation.available()) {
            return ProblemMappers.respond(Problem.of("rules-from-directory", "Conflict", 409, "The rules come from "
                    + "the rules directory (policy.rules.source=directory): restore the files there"));
        }
        ReloadReport report = activation.activate(version, caller.getPrincipal().getName())
                .orElseThrow(() -> new NotFoundException("no rule set " + version));
        return report.ok() ? Response.ok(report).build()
                : RulesRefusal.rejected("Version " + version, keepsServing(), report);
    }

    private String keepsServing() {
        return holder.current().map(r -> "the active version " + r.version() + " keeps serving")
                .orElse("no rule set is active");
    }

    @POST
    @RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Compile and test candidate files without activating anything")
    public ReloadReport validate(byte[] body) {
        CandidateFiles candidate = CandidateFiles.parse(body, reloader.source());
        return reloader.validate(candidate.drl(), candidate.scenarios(), caller.getPrincipal().getName());
    }

    @POST
    @RolesAllowed({Roles.RISK_MANAGER, Roles.ADMIN})
    @Path("/validate")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Validate uploaded files (form field 'file', the file name is the path in the rules "
            + "directory; 'replace=true' for a whole rule set)")
    public ReloadReport validateUpload(@RestForm("file") List<FileUpload> files, @RestForm("replace") String replace) {
        CandidateFiles candidate = CandidateFiles.of(Uploads.texts(files), "true".equals(replace),
                reloader.source(), "file");
        return reloader.validate(candidate.drl(), candidate.scenarios(), caller.getPrincipal().getName());
    }

    @GET
    @Path("/active")
    @Operation(summary = "The active rule set: version, every file's text, activations")
    public ArchivedRuleSet active() {
        return byVersion(holder.current().orElseThrow(RuleSetUnavailableException::new).version());
    }

    @GET
    @Path("/{version}")
    @RolesAllowed({Roles.TRADER, Roles.RISK_MANAGER, Roles.AUDITOR, Roles.ADMIN})
    @Operation(summary = "A rule set that was active at some time, by version (sha256:...): the exact text behind a "
            + "decision, which traders may read too")
    public ArchivedRuleSet byVersion(@PathParam("version") String version) {
        return store.archive().find(version).orElseThrow(() -> new NotFoundException("no rule set " + version));
    }

    @GET
    @Path("/{from}/diff/{to}")
    @Operation(summary = "Per-file unified diff between two archived versions")
    public RuleSetDiff.Result diff(@PathParam("from") String from, @PathParam("to") String to) {
        ArchivedRuleSet a = byVersion(from);
        ArchivedRuleSet b = byVersion(to);
        return RuleSetDiff.between(a.version(), a.files(), b.version(), b.files());
    }
}
